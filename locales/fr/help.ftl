# L'aide de la ligne de commande (`boussole --help`) en français. L'anglais
# est dans les commentaires de documentation des `Args` (src/cli/*.rs) ;
# chaque commande a `cmd-<commande>`, chaque argument
# `arg-<commande>-<argument>` (`arg-<argument>` pour les options globales).
# Un test (src/cli/help.rs) vérifie qu'aucun ne manque.

## Les mots de clap

clap-template =
    {"{"}before-help{"}"}{"{"}about-with-newline{"}"}
    Utilisation : {"{"}usage{"}"}

    {"{"}all-args{"}"}{"{"}after-help{"}"}
clap-commands-heading = Commandes
clap-help-flag = Affiche l'aide
clap-version-flag = Affiche la version
clap-help-command = Affiche cette aide, ou celle des commandes données
clap-default = par défaut :
clap-possible = valeurs possibles :

## Les commandes

cmd-boussole = Un moteur de règles KPI déclaratif : vérifie les specs KPI, les évalue sur les données
cmd-check = Analyse, résout, vérifie les unités et relit (SMART, pièges du guide) les specs KPI
cmd-completions = Écrit sur la sortie standard le script de complétion d'un shell (bash, zsh, fish, powershell, elvish)
cmd-diff = Différence sémantique entre deux versions des specs : deux révisions git (du dépôt du répertoire courant) ou deux répertoires
cmd-eval = Évalue chaque input, métrique et cible sur les données exportées
cmd-explain = Explique une métrique ou un input : définition, unité, où il est défini, de quoi il dépend, ce qui l'utilise ; avec `--code CODE`, un code de diagnostic
cmd-fmt = Réécrit les fichiers de spec dans la mise en page canonique (ordre des clés, espaces de `a / b`, guillemets seulement où il le faut), commentaires gardés
cmd-init = Crée un projet de départ : le catalogue des KPI, un objectif SMART, un CSV de données
cmd-inspect = Examine un export inconnu : encodage, séparateur, écriture des nombres, en-tête, colonne et format des dates, colonnes ; et propose pour lui une spec `sources:` + `inputs:` que `check` accepte
cmd-lsp = Le serveur de langage (LSP sur stdio) pour les éditeurs : diagnostics à la frappe, survol, aller à la définition, références, renommage, complétion, mise en forme et corrections rapides dans les fichiers `*.kpi.yaml`
cmd-report = La revue des KPI en une page HTML autonome (ou en Markdown) : par objectif, la dernière période complète de chaque cible, sa tendance, ses écarts, son calcul et l'action si elle est manquée
cmd-schema = Écrit le JSON Schema du format de spec (pour les éditeurs dotés du serveur de langage YAML : complétion et validation)
cmd-sql = Compile les specs en une requête SQL SELECT qui les calcule dans l'entrepôt de données
cmd-test = Lance les tests de spec (`*.kpi-test.yaml`) : lignes de données, valeurs attendues, statuts des cibles et diagnostics

## Les options globales

arg-lang = La langue des messages, des tableaux et des rapports : en ou fr (par défaut : BOUSSOLE_LANG, sinon l'environnement de langue — LANGUAGE, LC_ALL, LC_MESSAGES, LANG ; C, POSIX et les autres donnent l'anglais). Les clés JSON, les codes et les identifiants de règles SARIF ne changent jamais ; leurs messages suivent la langue
arg-locale = L'écriture des nombres et des dates dans les sorties lisibles et les rapports : en (`1,234.56 €`) ou fr (`1 234,56 €`, `31/03/2026`) — par défaut : le `locale:` de la spec, sinon celui de la langue. Le JSON garde des décimaux simples

## check

arg-check-paths = Fichiers ou répertoires de specs (par défaut : le répertoire courant)
arg-check-format = Le format de sortie
arg-check-deny_warnings = Sort avec le code 1 s'il y a des avertissements

## eval et report

arg-eval-paths = Fichiers ou répertoires de specs
arg-eval-data = Les données : `FICHIER` (une spec sans `sources:`, ou avec une seule source), ou `NOM=FICHIER` pour une source nommée (répétable ; une source avec `path:` n'en a pas besoin). Un CSV simple a un en-tête, une colonne `date` (AAAA-MM-JJ), des colonnes d'inputs et de dimensions
arg-eval-period = daily, weekly, monthly, quarterly ou yearly
arg-eval-by = Les colonnes de dimension par lesquelles grouper, séparées par des virgules
arg-eval-format = Le format de sortie
arg-eval-deny_warnings = Sort avec le code 1 s'il y a des avertissements
arg-eval-delimiter = Le séparateur de champs du CSV : un caractère, ou `tab` (une spec sans `sources:` ; une source dit `delimiter:`)
arg-eval-decimal_comma = Les nombres s'écrivent avec une virgule décimale (`12,5`) ; demande un séparateur autre que `,` (une spec sans `sources:` ; une source dit `decimal: comma`)
arg-eval-on_bad_row = Ce que fait une ligne invalide : `error` (une data-error chacune, pas de valeurs) ou `skip` (écartée, comptée, listée dans un avertissement)
arg-eval-memory_limit = La mémoire que les groupes et les tables peuvent prendre : `256MiB`, `2GiB`, `none` (par défaut : les trois quarts de la mémoire de la machine, ou de la limite de son conteneur). Au-delà, les groupes sont écrits dans un répertoire temporaire et évalués partie par partie ; là où même une partie ne tient pas, eval s'arrête sur une erreur `memory-limit` plutôt que d'être tué par le système
arg-eval-temp_dir = Où créer le répertoire temporaire des groupes écrits au-delà de `--memory-limit` (par défaut : celui du système, `TMPDIR`) ; il est supprimé à la fin d'eval
arg-eval-engine = Calcule les agrégats de la spec dans un moteur au lieu de lire des fichiers : `duckdb` (avec --database) ou `postgres` (avec --connection). Les lignes reviennent dans la même évaluation : cibles, diagnostics et tous les formats de sortie comme avec --data
arg-eval-database = Le fichier de base DuckDB (`--engine duckdb`), ouvert en lecture seule
arg-eval-connection = Le serveur PostgreSQL (`--engine postgres`) : `postgresql://UTILISATEUR@HÔTE:PORT/BASE` ou `host=… user=… dbname=…` (par défaut : `DATABASE_URL`) ; le mot de passe dedans ou dans `PGPASSWORD`. Jamais affiché
arg-eval-table = La table d'une source (`--engine`) : `SOURCE=TABLE`, ou `TABLE` pour la seule source (par défaut : le `table:` de la source) ; répétable
arg-eval-quiet = Pas de barre de progression (elle ne s'affiche que dans un terminal, pour les gros fichiers)
arg-eval-as_of = Le jour de la revue, `AAAA-MM-JJ` (par défaut : `BOUSSOLE_AS_OF`, sinon aujourd'hui en UTC). La période d'une cible qui n'est pas terminée ce jour-là est `in-progress` : sa valeur à ce jour est montrée, jamais jugée manquée
arg-report-paths = Fichiers ou répertoires de specs
arg-report-data = Les données : `FICHIER` (une spec sans `sources:`, ou avec une seule source), ou `NOM=FICHIER` pour une source nommée (répétable ; une source avec `path:` n'en a pas besoin). Un CSV simple a un en-tête, une colonne `date` (AAAA-MM-JJ), des colonnes d'inputs et de dimensions
arg-report-format = Le format du rapport
arg-report-out = Où écrire le rapport (par défaut : la sortie standard)
arg-report-deny_warnings = Sort avec le code 1 s'il y a des avertissements
arg-report-delimiter = Le séparateur de champs du CSV : un caractère, ou `tab` (une spec sans `sources:` ; une source dit `delimiter:`)
arg-report-decimal_comma = Les nombres s'écrivent avec une virgule décimale (`12,5`) ; demande un séparateur autre que `,` (une spec sans `sources:` ; une source dit `decimal: comma`)
arg-report-on_bad_row = Ce que fait une ligne invalide : `error` (une data-error chacune, pas de valeurs) ou `skip` (écartée, comptée, listée dans un avertissement)
arg-report-memory_limit = La mémoire que les groupes et les tables peuvent prendre : `256MiB`, `2GiB`, `none` (par défaut : les trois quarts de la mémoire de la machine, ou de la limite de son conteneur). Au-delà, les groupes sont écrits dans un répertoire temporaire et évalués partie par partie ; là où même une partie ne tient pas, l'évaluation s'arrête sur une erreur `memory-limit` plutôt que d'être tuée par le système
arg-report-temp_dir = Où créer le répertoire temporaire des groupes écrits au-delà de `--memory-limit` (par défaut : celui du système, `TMPDIR`) ; il est supprimé à la fin
arg-report-engine = Calcule les agrégats de la spec dans un moteur au lieu de lire des fichiers : `duckdb` (avec --database) ou `postgres` (avec --connection). Les lignes reviennent dans la même évaluation : cibles, diagnostics et tous les formats de sortie comme avec --data
arg-report-database = Le fichier de base DuckDB (`--engine duckdb`), ouvert en lecture seule
arg-report-connection = Le serveur PostgreSQL (`--engine postgres`) : `postgresql://UTILISATEUR@HÔTE:PORT/BASE` ou `host=… user=… dbname=…` (par défaut : `DATABASE_URL`) ; le mot de passe dedans ou dans `PGPASSWORD`. Jamais affiché
arg-report-table = La table d'une source (`--engine`) : `SOURCE=TABLE`, ou `TABLE` pour la seule source (par défaut : le `table:` de la source) ; répétable
arg-report-quiet = Pas de barre de progression (elle ne s'affiche que dans un terminal, pour les gros fichiers)
arg-report-as_of = Le jour de la revue, `AAAA-MM-JJ` (par défaut : `BOUSSOLE_AS_OF`, sinon aujourd'hui en UTC). La période d'une cible qui n'est pas terminée ce jour-là est `in-progress` : sa valeur à ce jour est montrée, jamais jugée manquée

## explain, test, diff, fmt, sql, inspect, init, completions

arg-explain-name = La métrique ou l'input
arg-explain-paths = Fichiers ou répertoires de specs (par défaut : le répertoire courant)
arg-explain-code = Écrit plutôt la page d'un code de diagnostic (`unit-mismatch`) : ce qu'il veut dire, pourquoi il compte, un exemple, comment le corriger. Hors ligne
arg-explain-format = Le format de sortie
arg-test-paths = Répertoires ou fichiers de specs et de tests (par défaut : le répertoire courant)
arg-test-format = `human`, `junit` (JUnit XML sur la sortie standard, pour les rapports de tests de la CI), `github` (annotations) ou `sarif` (analyse de code)
arg-diff-old = L'ancienne version : une révision git, ou un répertoire
arg-diff-new = La nouvelle version : une révision git, ou un répertoire
arg-diff-paths = Les chemins des specs dans chaque révision (par défaut : le répertoire courant)
arg-diff-data = Un CSV : montre comment chaque définition changée déplace les valeurs des dernières périodes
arg-diff-period = Les périodes de `--data` (daily … yearly)
arg-diff-format = `markdown` (pour un commentaire de pull request) ou `json`
arg-fmt-paths = Fichiers ou répertoires de specs (par défaut : le répertoire courant) ; `-` lit une spec sur l'entrée standard et l'écrit mise en forme sur la sortie standard
arg-fmt-check = Ne change rien : écrit la différence de chaque fichier mal mis en forme, et sort avec le code 1 s'il y en a un
arg-sql-paths = Fichiers ou répertoires de specs
arg-sql-dialect = duckdb, postgres, bigquery, snowflake ou spark
arg-sql-table = La table des données : `TABLE` pour une spec sans `sources:` (une colonne `date`, des colonnes d'inputs et de dimensions) ou avec une seule source ; `NOM=TABLE` (répétable) lie une source, à la place de son `table:`. `schema.table` nomme une table d'un schéma
arg-sql-period = daily, weekly, monthly, quarterly ou yearly
arg-sql-by = Les colonnes de dimension par lesquelles grouper, séparées par des virgules
arg-sql-objectives = Le statut de chaque cible par période d'objectif (met, missed, no-data, in-progress) au lieu des métriques
arg-sql-as_of = Avec `--objectives` : le jour de la revue, `AAAA-MM-JJ` (par défaut : `BOUSSOLE_AS_OF`, sinon aujourd'hui en UTC), comme `eval --as-of` : une période pas terminée ce jour-là est `in-progress`
arg-inspect-files = Les exports à examiner (CSV ou TSV, tout encodage)
arg-inspect-format = Le format de sortie
arg-init-dir = Le répertoire à créer (par défaut : le répertoire courant)
arg-completions-shell = Le shell
