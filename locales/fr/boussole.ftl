# Les messages de Boussole en français. Chaque identifiant a son jumeau,
# avec les mêmes arguments, dans ../en/boussole.ftl (vérifié par
# tests/i18n.rs). Typographie : espace fine insécable (U+202F) avant « ; : ! ? »
# et entre les milliers, espace insécable (U+00A0) avant « € ».

## Lignes de synthèse

summary-problems = { $errors ->
        [one] { $errors } erreur
       *[other] { $errors } erreurs
    }, { $warnings ->
        [one] { $warnings } avertissement
       *[other] { $warnings } avertissements
    }

## Diagnostics dans un terminal

human-help = aide :
human-see-code = voir : boussole explain --code { $code }
human-note-at = note : { $note } — { $at }
human-same-elsewhere = de même dans { $count ->
        [one] une autre période ou un autre groupe
       *[other] { $count } autres périodes ou groupes
    } : { $list }
human-more-diagnostics = … et { $count ->
        [one] { $count } autre `{ $code }` semblable, non affiché
       *[other] { $count } autres `{ $code }` semblables, non affichés
    } (`--format json` les liste tous)

## Les tableaux d'eval

eval-no-rows = Aucune ligne de données : rien à évaluer.
eval-kpi-column = KPI { $period ->
        [daily] par jour
        [weekly] par semaine
        [monthly] par mois
        [quarterly] par trimestre
       *[yearly] par an
    }
eval-unit-column = unité
eval-more-rows = … et { $count ->
        [one] { $count } ligne de plus
       *[other] { $count } lignes de plus
    }, de valeurs de dimension après les { $shown } premières : `--format csv` ou `--format json` donne toutes les lignes
eval-objective-column = objectif
eval-target-column = cible
eval-period-column = période
eval-value-column = valeur
eval-status-column = statut
eval-action-column = action si manquée
eval-status = { $status ->
        [met] ✔ atteinte
        [missed] ✘ manquée
        [in-progress] ⏳ en cours
       *[no-data] · sans données
    }
eval-status-pace = { $status }, rythme { $pace }
eval-more-targets = … et { $count ->
        [one] { $count } ligne de cible de plus
       *[other] { $count } lignes de cibles de plus
    } : `--format json` les donne toutes
eval-summary = { $met ->
        [one] { $met } atteinte
       *[other] { $met } atteintes
    }, { $missed ->
        [one] { $missed } manquée
       *[other] { $missed } manquées
    }{ $running ->
        [0] {""}
       *[other] , { $running } en cours
    }, { $nodata } sans données

## Chargement des specs

spec-unknown-locale = `{ $locale }` n'est pas une locale que Boussole connaît
spec-locales = locales connues : { $locales } (une région peut suivre : `fr-FR`, `en-GB`)
spec-two-locales = les fichiers de spec demandent deux locales différentes
spec-first-locale = la première

## Commun

# a text not from the catalogue: an error of the system or of a library
text = { $text }
internal-error = erreur interne : { $what } ; c'est un bogue de boussole, pas de vos fichiers
internal-error-help = merci de le signaler avec le fichier qui y a mené
did-you-mean = vouliez-vous dire `{ $name }` ?

## SMART et les pièges du guide (check)

smart-no-description = l'objectif `{ $objective }` n'a pas de description
smart-no-description-help = dites ce qui doit changer, et de combien, par exemple `Augmenter les ventes en ligne de 15 % en 12 mois`
smart-no-target = l'objectif `{ $objective }` n'a pas de cible
smart-no-target-help = ajoutez `targets:` avec au moins une cible, par exemple `- conversion >= 5%`
smart-no-period = l'objectif `{ $objective }` n'a pas de période de revue
smart-no-period-help = ajoutez `period: monthly` (daily, weekly, monthly, quarterly ou yearly)
smart-no-deadline = l'objectif `{ $objective }` n'a pas d'échéance
smart-no-deadline-help = ajoutez `deadline: AAAA-MM-JJ`
smart-ends-before-start = l'objectif `{ $objective }` se termine avant de commencer
smart-ends-before-start-label = échéance avant le début
smart-start = début
smart-not-aligned = l'objectif `{ $objective }` n'est aligné sur aucun but stratégique
smart-not-aligned-help = ajoutez `aligned_with:` avec le nom d'un but déclaré sous `strategy:`
smart-undeclared-goal = le but stratégique `{ $goal }` n'est pas déclaré
smart-undeclared-goal-label = aucun but de ce nom sous `strategy:`
smart-undeclared-goal-help = déclarez-le sous `strategy:`
too-many-kpis = l'objectif `{ $objective }` suit { $count } KPI ; gardez-en 3 à 5
too-many-kpis-label = KPI n° { $number }
too-many-kpis-help = trop de KPI diluent l'attention : gardez ceux qui mènent à une décision
vanity-only = l'objectif `{ $objective }` ne suit que des indicateurs de vanité
vanity-only-help = les indicateurs de vanité (impressions, portée, trafic) flattent mais ne mènent à aucune décision ; ajoutez un KPI comme la conversion ou le CAC
no-action = la cible `{ $target }` de l'objectif `{ $objective }` n'a pas d'action
no-action-label = que fait-on si elle est manquée ?
no-action-help = écrivez-la sous sa forme longue : `- target: { $target }` avec `action: …` à côté

## Noms et appels (check)

undefined-name = `{ $name }` n'est pas défini
undefined-name-label = ni une donnée (input) ni une métrique
undefined-name-help = déclarez-le sous `inputs:` (une colonne des données) ou `metrics:`
unknown-function = fonction inconnue `{ $name }`
unknown-function-help = fonctions : { $functions }
call-arity = `{ $name }` prend { $kind ->
        [exact] { $min ->
            [one] { $min } argument
           *[other] { $min } arguments
        }
        [range] { $min } ou { $max } arguments
       *[at-least] au moins { $min ->
            [one] { $min } argument
           *[other] { $min } arguments
        }
    }, { $found ->
        [one] { $found } donné
       *[other] { $found } donnés
    }
call-periods = le second argument de `{ $name }` est un nombre entier de périodes (1 ou plus)
call-periods-help = par exemple `{ $name }(revenue, 12)` compare avec 12 périodes plus tôt

## Unités (check)

unit-cannot = impossible { $op ->
        [add] d'additionner { $left } et { $right }
        [subtract] de soustraire { $right } de { $left }
        [multiply] de multiplier { $left } par { $right }
       *[divide] de diviser { $left } par { $right }
    }
unit-call-clash = `{ $name }` de { $left } et de { $right }
unit-like-with-like = comparez ce qui est comparable
unit-target-compares = la cible compare { $left } à { $right }
unit-target-like-with-like = une cible compare des grandeurs de même nature
unit-with-currency = écrivez le montant avec sa devise, par exemple `{ $amount }`
unit-percent-is-ratio = un pourcentage est un ratio ; comparez un montant à un montant, par exemple `5 EUR`
unit-two-currencies = { $left } et { $right } sont deux devises différentes ; convertissez l'une d'abord (multipliez par un taux)
const-division-by-zero = division par zéro
const-division-by-zero-label = ce diviseur vaut toujours zéro
unit-declared-but = `{ $name }` est déclaré { $declared } mais sa définition donne { $gives }
unit-declared = déclaré { $unit }
unit-this-is = ceci est { $unit }

## Définitions (check)

duplicate-name = `{ $name }` est défini deux fois
second-definition = seconde définition
first-defined-here = première définition ici
duplicate-name-help = les noms valent pour tous les fichiers de spec ; renommez ou supprimez l'une des deux
duplicate-objective = l'objectif `{ $objective }` est défini deux fois
circular = définition circulaire : { $chain }
circular-label = défini à partir de lui-même
circular-help = une métrique ne peut dépendre d'elle-même, ni directement ni par d'autres métriques
circular-part = partie du cycle

## Lecture des fichiers de spec (load)

# ce qu'est une valeur, dans les messages qui en parlent
what-a-column = une colonne
what-a-condition = une condition
what-a-date = une date
what-a-date-column = une colonne de date
what-a-date-format = un format de date
what-a-delimiter = un séparateur
what-a-description = une description
what-a-kpi-name = un nom de KPI
what-a-metric = une métrique
what-a-number-of-lines = un nombre de lignes
what-a-path = un chemin
what-a-period = une période
what-a-sheet = une feuille
what-a-source = une source
what-a-spec-file = un fichier de spec
what-a-strategy-goal = un but stratégique
what-a-table = une table
what-a-target = une cible
what-a-time-zone = un fuseau horaire
what-a-unit = une unité
what-an-action = une action
what-an-aggregate = un agrégat
what-an-expression = une expression
what-an-owner = un responsable
what-better = `better`
what-decimal-mark = séparateur décimal
what-dimension-name = dimension
what-encoding = encodage
what-format = format
what-input-name = donnée (input)
what-inputs = `inputs`
what-locale = `locale`
what-objectives = `objectives`
what-source-name = source
what-sources = `sources`
what-strategy = `strategy`
what-thousands-separator = séparateur de milliers
what-vanity = `vanity`
what-input = l'input `{ $name }`
what-source = la source `{ $name }`
what-source-dimensions = les dimensions de la source `{ $name }`
what-source-date = la date de la source `{ $name }`
what-objective = l'objectif `{ $name }`
kind-nothing = rien
kind-mapping = un dictionnaire
kind-list = une liste
kind-scalar = une valeur simple

must-be-mapping = { $what } doit être un dictionnaire (`clé: valeur`), trouvé { $found }
must-be-text = { $what } doit être du texte, trouvé { $found }
must-be-boolean = { $what } doit valoir true ou false
keys-plain-names = les clés doivent être des noms simples
duplicate-key = clé `{ $key }` en double dans { $what }
unknown-key = clé `{ $key }` inconnue dans { $what }
unknown-key-label = pas une clé de cette section
unknown-key-comma = dans un dictionnaire `{"{"} … {"}"}`, une virgule termine la valeur : écrivez l'expression entre guillemets, par exemple `expr: 'round(CustomerID, 0)'` ; clés connues : { $keys }
known-keys = clés connues : { $keys }
better-value = `better` vaut higher ou lower, pas `{ $value }`
unknown-unit = unité inconnue `{ $unit }`
unknown-unit-label = pas une unité
unknown-unit-help = les unités sont count, ratio, number, ou money(DEV) avec un code ISO 4217 comme money(EUR)
invalid-name = `{ $name }` n'est pas un nom valide ({ $what })
invalid-name-help = un nom s'écrit avec des lettres sans accent, des chiffres et `_`, et commence par une lettre
target-shape = une cible s'écrit `expression comparateur valeur`, ou `target:` avec `action:`
action-empty = une action dit quoi faire : elle est vide
target-no-target = une cible écrite comme dictionnaire n'a pas de `target`
target-no-target-help = écrivez `- target: cac <= 50 EUR` avec `action:` à côté
too-many-names = plus de { $max } données et métriques dans le projet
too-many-names-help = découpez le catalogue en projets vérifiés séparément
expected-as-text = { $what } doit être écrite comme du texte
list-empty = la liste ({ $what }) est vide
unknown-choice = valeur inconnue pour { $what } : `{ $value }`
one-of = au choix : { $choices }
unknown-aggregate = agrégat inconnu `{ $aggregate }`
aggregates = agrégats : { $names }
input-no-unit = l'input `{ $name }` n'a pas d'unité
input-no-unit-help = ajoutez `unit: count` (ou ratio, number, money(EUR))
delimiter-not-one = `{ $text }` n'est pas un seul caractère (ni `tab`)
delimiter-in-values = `{ $text }` ne peut pas séparer les champs : il peut faire partie d'une valeur
skip-range = `skip` est un nombre de lignes, de 0 à { $max }
unknown-time-zone = fuseau horaire inconnu `{ $zone }`
unknown-time-zone-help = un nom de fuseau IANA, comme Europe/Paris ou America/New_York
decimal-thousands-clash = la source `{ $source }` utilise `{ $mark }` à la fois comme séparateur décimal et comme séparateur de milliers
not-a-date-format = `{ $format }` n'est pas un format de date : { $why }
date-format-directive = il contient une directive `%` inconnue
date-format-no-day = il ne donne pas le jour (`%d`, `%e`, `%j`, `%F`…)
date-format-no-year = il ne donne pas l'année (`%Y`, `%y`…)
date-format-help = les formats sont ceux de strftime (chrono) : `%d/%m/%Y`, `%Y%m%d`, `%m/%d/%Y %H:%M`
date-column-and-range = la date d'une source est une `column`, ou une plage `from` … `to`, pas les deux
date-range-no-to = une plage de dates demande `to`, la colonne où elle se termine
date-range-no-from = une plage de dates demande `from`, la colonne où elle commence
metrics-must-be-list = `metrics` doit être une liste de `nom = expression`, trouvé { $found }
def-shape = `def` s'écrit `nom = expression`
metric-no-def = la métrique n'a pas de `def`
metric-no-def-help = écrivez `def: nom = expression`
metric-shape = une métrique s'écrit `nom = expression` ou comme dictionnaire avec `def:`
strategy-shape = un but stratégique s'écrit `nom: description`
not-a-date = `{ $text }` n'est pas une date
not-a-date-help = les dates s'écrivent AAAA-MM-JJ, par exemple 2026-12-31
unknown-period = période inconnue `{ $period }`
periods = périodes : { $names }
kpis-shape = `kpis` doit être une liste de noms de métriques
targets-shape = `targets` doit être une liste comme `- cac <= 50 EUR`

## Lecture des données (eval)

file-csv = CSV
file-workbook = classeur
file-jsonl = fichier JSON lines
file-parquet = fichier Parquet
quoted = `{ $name }`
quoted-alternatives = `{ $first }` (ou { $rest })
list = { $items }
list-separator = {"\u202F; "}
ellipsis = …
columns = colonnes : { $columns }
at-line-column = ligne { $line }, colonne { $column } : { $what }
empty-data = { $path } a un en-tête mais aucune ligne
csv-header-unreadable = impossible de lire l'en-tête du CSV : { $error }
csv-header-not-utf8 = l'en-tête du CSV n'est pas en UTF-8 (son champ { $field })
not-utf8-help = un export enregistré par Excel est souvent en Windows-1252 : si c'est le cas, ajoutez `encoding: windows-1252` à la source `{ $source }` (`boussole inspect { $path }` le dit)
not-utf8-data-help = un export enregistré par Excel est souvent en Windows-1252 : si c'est le cas, déclarez le fichier comme source avec `encoding: windows-1252` (`boussole inspect { $path }` le dit)
file-empty-header = le { $file } est vide : il lui faut un en-tête avec une colonne `date`
column-twice = la colonne `{ $column }` apparaît deux fois (colonnes { $first } et { $second })
file-no-column = le { $file } n'a pas de colonne { $column }
no-date-column-help = la première ligne doit nommer les colonnes, dont une `date` (AAAA-MM-JJ)
no-date-column-source-help = colonnes : { $columns } ; nommez la colonne de date avec `date:` dans la source
source-no-dimension-column = la source `{ $source }` n'a pas de colonne `{ $column }` ({ $path }) : ses données n'ont pas de valeurs par `{ $column }`
source-no-dimension-column-help = colonnes : { $columns } ; associez la dimension avec `dimensions: {"{"} { $column }: COLONNE {"}"}` dans la source
by-column-missing = la colonne `{ $column }` de --by n'est pas dans les données (colonnes : { $columns })
missing-column = les données n'ont pas de colonne { $column } ; l'input `{ $input }` n'a pas de valeurs
missing-column-near = vouliez-vous dire `{ $name }` ? colonnes de { $path } : { $columns }
missing-column-columns = colonnes de { $path } : { $columns }
skipped-rows = { $count ->
        [one] { $count } ligne invalide de { $path } écartée
       *[other] { $count } lignes invalides de { $path } écartées
    } (--on-bad-row skip)
hint-other-currency = un montant en { $found } ; l'input est money({ $wanted })
hint-not-money = un montant en { $found } ; l'input n'est pas un montant
hint-comma-no-thousands = le séparateur décimal est `,`, sans séparateur de milliers
hint-point-flag = le séparateur décimal est `.` ; --decimal-comma lit `12,5`
hint-point-source = le séparateur décimal est `.` ; `decimal: comma` dans la source lit `12,5`
cell-not-a-number = colonne `{ $column }` : `{ $cell }` n'est pas un nombre
cell-not-a-number-hint = colonne `{ $column }` : `{ $cell }` n'est pas un nombre ({ $hint })
cell-not-a-date = colonne `{ $column }` : `{ $cell }` n'est pas une date ({ $format })
row-field-count = la ligne a { $fields } champs ; l'en-tête en a { $header }
row-not-utf8 = la ligne n'est pas en UTF-8 valide
row-unreadable = ligne illisible : { $error }
row-overflow = input `{ $input }` : son expression dépasse les décimales exactes sur cette ligne
range-backwards = la plage de la ligne se termine ({ $end }) avant de commencer ({ $start })
range-crosses = la ligne couvre du { $start } au { $end }, plus d'une période { $period } : exportez avec un détail par jour (ou une ligne par période { $period })
jsonl-not-object = la ligne { $line } n'est pas un objet JSON (trouvé { $found ->
        [array] un tableau
        [string] une chaîne
        [number] un nombre
       *[scalar] une valeur simple
    })
jsonl-invalid = la ligne { $line } n'est pas du JSON valide : { $error }
jsonl-no-object = le fichier ne contient aucun objet JSON : il lui faut au moins une clé de date
parquet-not-built = ce boussole a été compilé sans Parquet (fonctionnalité cargo `parquet`, active par défaut)
parquet-reader-failed = impossible de lire le fichier Parquet : le lecteur a échoué ({ $why }) : le fichier est endommagé
parquet-unreadable = impossible de lire le fichier Parquet : { $error }
parquet-row-unreadable = impossible de lire la ligne { $row } du fichier Parquet : { $error }
parquet-group-unreadable = impossible de lire le groupe de lignes { $group } du fichier Parquet : { $error }
workbook-unreadable = impossible de lire le classeur : { $error }
workbook-no-sheet-named = le classeur n'a pas de feuille `{ $sheet }`
sheets = feuilles : { $sheets }
workbook-no-sheet = le classeur n'a aucune feuille
sheet-unreadable = feuille `{ $sheet }` : { $error }
sheet-empty = la feuille `{ $sheet }` est vide : il lui faut un en-tête avec une colonne de date

## Évaluation (eval)

overflow = le résultat dépasse les décimales exactes (environ 7,9e28)
aggregate-overflow = l'agrégat { $aggregate } de `{ $input }` dépasse les décimales exactes
zero-divisor = `{ $divisor }` vaut zéro { $period_kind ->
        [daily] le
        [quarterly] au
       *[other] en
    } { $period } ; la valeur est nulle
zero-divisor-label = zéro sur cette période
zero-growth = `{ $arg }` valait zéro { $periods ->
        [one] { $periods } période
       *[other] { $periods } périodes
    } avant { $period } ; la croissance est nulle
smart-achievable = la cible `{ $target }` est bien au-delà de tout ce que les données ont montré (meilleure valeur : { $best })
smart-achievable-label = plus du double de la meilleure valeur observée
smart-achievable-help = une cible atteignable est à portée des résultats passés ; vérifiez le seuil ou son unité
stale-data = { $kind ->
        [data] les données s'arrêtent
       *[source] la source `{ $source }` s'arrête
    } le { $last } : rien pour { $due } (revue { $cadence ->
        [daily] quotidienne
        [weekly] hebdomadaire
        [monthly] mensuelle
        [quarterly] trimestrielle
       *[yearly] annuelle
    }), la période avant la revue du { $day } de l'objectif `{ $objective }`
stale-data-help = exportez de nouveau les données jusqu'au jour de la revue, ou faites la revue à une date antérieure avec --as-of
groups-periods = périodes
groups-periods-and = périodes et valeurs de { $dims }
memory-limit = les groupes du rapport ({ $groups }) demandent plus de mémoire que la limite de { $limit }
memory-limit-no-disk = les groupes du rapport ({ $groups }) demandent plus de mémoire que la limite de { $limit }, et n'ont pas pu être écrits sur le disque : { $error }
memory-limit-parts = les groupes du rapport ({ $groups }) demandent plus de mémoire que la limite de { $limit }, même écrits sur le disque en { $parts } parties (une partie demande { $need })
memory-limit-help = relevez --memory-limit, groupez par moins de dimensions ou par une --period plus longue, ou calculez la spec dans votre base avec `boussole sql`
warnings-omitted = { $count ->
        [one] { $count } autre avertissement `{ $code }` n'est pas listé
       *[other] { $count } autres avertissements `{ $code }` ne sont pas listés
    } : les garder prendrait plus d'un 64e de la limite de mémoire de { $limit }
warnings-omitted-help = relevez --memory-limit pour les lister tous, ou évaluez sur une --period plus longue

## Sources et fichiers

no-file-matches = aucun fichier ne correspond à `{ $pattern }` (source `{ $source }`)
no-file-matches-help = le chemin est relatif à { $dir } ; ou donnez le fichier avec --data { $source }=FICHIER
pattern-problem = `{ $pattern }` : { $why }
no-data = aucune donnée : donnez le CSV avec --data FICHIER
source-no-file = la source `{ $source }` n'a pas de fichier
source-no-file-help = donnez-lui un `path:` (un motif glob, relatif au fichier de spec) ou --data { $source }=FICHIER
refused-outside = { $path } mène hors du projet : { $searched ->
        [yes] non parcouru
       *[no] non lu
    }
refused-outside-help = un lien symbolique, `..` ou un chemin absolu qui sort du projet est refusé (une spec en revue n'est pas de confiance) ; le projet est l'arbre de travail git du répertoire courant et les répertoires donnés en ligne de commande
refused-not-a-file = { $path } est { $kind ->
        [directory] un répertoire
        [fifo] un FIFO
        [socket] une socket
        [char-device] un périphérique caractère
        [block-device] un périphérique bloc
        [broken-link] un lien symbolique cassé
       *[special] un fichier spécial
    }, pas un fichier ordinaire : { $searched ->
        [yes] non parcouru
       *[no] non lu
    }
refused-not-a-file-help = seuls les fichiers ordinaires sont lus (ni FIFO, ni socket, ni périphérique)
refused-too-large = { $path } dépasse la limite de { $limit } octets : { $searched ->
        [yes] non parcouru
       *[no] non lu
    }
refused-too-large-help = découpez le fichier, ou vérifiez que c'est bien celui voulu
refused-unreadable = { $path } : { $error }
refused-unreadable-help = vérifiez les droits du fichier

## Données ligne à ligne (check)

count-unit = `{ $input }` est un { $aggregate } : son unité est count, pas { $unit }
count-unit-help = écrivez `unit: count`
counts-condition = `{ $input }` compte les valeurs d'une condition
counts-condition-label = une condition (vraie ou fausse)
counts-condition-help = une condition sur les lignes va dans `where:` ; `expr:` est ce qui est compté
having-not-distinct = `having:` de `{ $input }`, un { $aggregate }
having-not-distinct-label = une condition sur chaque valeur distincte
having-not-distinct-help = `having:` dit quelles valeurs distinctes comptent : utilisez-le avec `aggregate: count_distinct`
type-expected = attendu { $want ->
        [number] un nombre
        [text] un texte
       *[condition] une condition
    }, trouvé { $found ->
        [number] un nombre
        [text] un texte
       *[condition] une condition
    }
type-this-is = ceci est { $found ->
        [number] un nombre
        [text] un texte
       *[condition] une condition
    }
type-text-not-number = un texte entre guillemets n'est pas un nombre : écrivez le nombre sans guillemets
type-quote-text = écrivez le texte entre guillemets : "17850"
type-condition-in-where = une condition est vraie ou fausse ; elle va dans `where:`
type-condition-compares = une condition compare des valeurs : `Quantity > 0`, `stage == "won"`, `is_empty(x)`
having-bare-column = colonne `{ $column }` hors d'un agrégat dans `having:`
having-bare-column-label = une valeur par ligne, pas par valeur distincte
having-bare-column-help = `having:` compare des agrégats des lignes de chaque valeur : `count_distinct({ $column }) >= 2`, `sum({ $column }) > 100`
having-unknown-aggregate = `{ $name }` n'est pas un agrégat utilisable dans `having:`
having-aggregates = `having:` compare des agrégats : { $names }
having-arity = `{ $name }` prend { $kind ->
        [one] un argument
       *[at-most-one] au plus un argument
    }, { $found ->
        [one] { $found } donné
       *[other] { $found } donnés
    }
having-arity-help = par exemple `count_distinct(InvoiceNo) >= 2`, `sum(Quantity * UnitPrice) > 100`, `count() >= 3`
row-unknown-function = fonction inconnue `{ $name }` dans une expression de ligne
row-functions = les expressions de ligne ont : { $names }
written-as = s'écrit `{ $usage }`
round-digits = les décimales de `round` sont un nombre entier de 0 à { $max }
round-digits-help = par exemple `round(Quantity * UnitPrice, 2)`

## Sources (check)

duplicate-source = la source `{ $source }` est déclarée deux fois
first-declared-here = première déclaration ici
declare-source = déclarez-la sous `sources:` (ses fichiers et leur format)
sources = sources : { $names }
undeclared-source = l'input `{ $input }` lit la source `{ $source }`, qui n'est pas déclarée
undeclared-source-label = aucune source de ce nom sous `sources:`
input-no-source = l'input `{ $input }` ne nomme aucune source, et la spec en déclare plusieurs
input-no-source-help = ajoutez `source:` avec l'une de { $names }
source-no-dimensions = la source `{ $source }` ne déclare aucune dimension (`dimensions: {"{}"}`), donc pas `{ $dim }`
source-lacks-dimension = la source `{ $source }` déclare { $count ->
        [one] la dimension
       *[other] les dimensions
    } { $declared } mais pas `{ $dim }`
lacking-no-values = { $lacks } : ses données n'ont pas de valeurs par `{ $dim }`
lacking-dimension-help = les `dimensions:` d'une source listent toutes celles qu'elle a ; ajoutez `{ $dim }: COLONNE` si ses données l'ont

## Expressions et YAML (parse)

unexpected-char = `{ $found }` inattendu
unexpected-end = fin d'expression inattendue
unexpected-expected = { $what }, attendu { $expected }
unexpected-expected-or = { $what }, attendu { $init } ou { $last }
expect-token = `{ $token }`
expect-name = un nom
expect-number = un nombre
expect-currency = un code de devise
expect-expression = une expression
expect-comparison = une comparaison (>=, <=, >, <, ==, !=)
expect-text = un texte entre guillemets
expect-quoted-column = une colonne entre accents graves
expect-column = une colonne
expect-list = une liste `[...]`
expect-boolean = true ou false
expect-end = la fin de l'expression
syntax-metric-help = une métrique s'écrit `nom = expression`, par exemple `ctr = clicks / impressions`
syntax-row-help = une expression de ligne porte sur les colonnes de la source, par exemple `Quantity * UnitPrice` ou `not starts_with(InvoiceNo, "C")`
syntax-target-help = une cible s'écrit `expression comparateur valeur`, par exemple `cac <= 50 EUR` ou `ctr >= 3%`
expression-too-long = l'expression fait { $length } octets ; la limite est { $max }
expression-too-deep = expression imbriquée sur plus de { $max } niveaux
too-deep-here = trop profond ici
split-expression = découpez-la en métriques intermédiaires
too-many-digits = le nombre `{ $number }` a plus de chiffres que les 28 que gardent les décimales exactes
too-many-digits-label = trop de chiffres
invalid-yaml = YAML invalide : `{ $error }`
here = ici
yaml-comma-in-flow-help = entre `{"{"} … {"}"}` ou `[ … ]`, une virgule termine la valeur : mettez une expression qui contient des virgules entre apostrophes (`where: 'not starts_with(InvoiceNo, "C")'`), ou écrivez l’élément en bloc, une clé par ligne
yaml-two-documents = un fichier de spec contient un seul document YAML ; un second a été trouvé
yaml-two-documents-help = répartissez les documents dans des fichiers *.kpi.yaml séparés
yaml-alias-bomb = les alias se développent en plus de { $max } nœuds
yaml-this-alias = cet alias
yaml-alias-bomb-help = les alias YAML qui se développent exponentiellement (une bombe d'alias) sont refusés
yaml-unknown-anchor = alias vers une ancre inconnue
yaml-too-many-nodes = plus de { $max } nœuds YAML
yaml-too-deep = YAML imbriqué sur plus de { $max } niveaux

## check et test

check-ok = ok : { $files ->
        [one] { $files } fichier de spec
       *[other] { $files } fichiers de spec
    }, aucun problème
test-specs-have-errors = les specs ont des erreurs : corrigez-les (boussole check) avant de tester
test-totals = { $passed ->
        [one] { $passed } réussi
       *[other] { $passed } réussis
    }, { $failed ->
        [one] { $failed } échoué
       *[other] { $failed } échoués
    }
test-line-ok = test { $test } ({ $file }) ... ok
test-line-failed = test { $test } ({ $file }) ... ÉCHEC ({ $count })
not-utf8 = { $path } n'est pas en UTF-8 valide
test-unknown-key = clé inconnue `{ $key }`
test-file-one-key = un fichier de tests a une seule clé : `tests`
test-period = une période est daily, weekly, monthly, quarterly ou yearly
test-by = `by` est une liste de colonnes
test-rows = `rows` est une liste de mappings (colonne : valeur), ou un mapping du nom de chaque source vers une telle liste
test-unknown-source = la spec n'a pas de source `{ $source }` (ses sources : { $sources })
test-row = une ligne est un dictionnaire (colonne: valeur)
test-expect-period = une attente nomme sa `period`
test-unknown-test-key = clé inconnue `{ $key }` dans le test `{ $test }`
test-no-rows = le test `{ $test }` n'a pas de `rows`
test-list-of-mappings = une liste de dictionnaires
defined-here = défini ici
test-cannot-write = impossible d'écrire les lignes du test : { $error }
test-cannot-evaluate = impossible d'évaluer : { $error }
test-expected-diagnostic = un diagnostic `{ $code }` était attendu, et il n'y en a pas
test-expected-diagnostic-in = un diagnostic `{ $code }` était attendu { $period_kind ->
        [daily] le
        [quarterly] au
       *[other] en
    } { $period }, et il n'y en a pas
test-unexpected = `{ $code }` inattendu : { $message }
test-misnamed = les lignes sont des lignes de données : il leur faut la colonne { $columns }, pas le nom de l'input
test-no-row = aucune ligne pour { $period }
test-no-row-dims = aucune ligne pour { $period } { $dims }
test-unknown-name = `{ $name }` n'est ni un input ni une métrique de la spec
test-expected-none = `{ $name }` { $at_kind ->
        [daily] le
        [quarterly] au
       *[other] en
    } { $at } : aucune valeur attendue, obtenu { $got }
test-not-a-value = `{ $text }` n'est ni un nombre, ni un pourcentage, ni un montant
test-no-value = aucune valeur
test-value = { $shown } ({ $exact })
test-expected = `{ $name }` { $at_kind ->
        [daily] le
        [quarterly] au
       *[other] en
    } { $at } : attendu { $want }, obtenu { $got }{ $def }
test-target-fields = une attente de cible nomme `objective`, `period` et `status`
test-no-target = aucune cible de `{ $objective }` { $period_kind ->
        [daily] le
        [quarterly] au
       *[other] en
    } { $period } ne correspond
test-target-status = cible `{ $target }` de `{ $objective }` { $period_kind ->
        [daily] le
        [quarterly] au
       *[other] en
    } { $period } : attendu { $want }, obtenu { $got }

## Le rapport (HTML et Markdown)

report-title = Revue des KPI
report-title-as-of = Revue des KPI — { $day }
report-summary = { $objectives ->
        [one] { $objectives } objectif
       *[other] { $objectives } objectifs
    } · { $met } { $met ->
        [one] cible atteinte sur { $judged }
       *[other] cibles atteintes sur { $judged }
    } dans leur dernière période complète
report-objectives = Objectifs
report-met-count = { $met } sur { $total } atteintes
report-warnings = Avertissements
report-note-md = { $code } : { $message }
report-error = erreur
report-warning = avertissement
report-meta-owner = Responsable
report-meta-review = Revue
report-meta-start = Début
report-meta-deadline = Échéance
report-cadence = { $cadence ->
        [daily] quotidienne
        [weekly] hebdomadaire
        [monthly] mensuelle
        [quarterly] trimestrielle
        [yearly] annuelle
       *[none] aucune
    }
report-not-evaluated = Non évalué : l'objectif n'a pas de période de revue.
report-ended = L'échéance ({ $day }) est passée : ce sont ses résultats définitifs.
report-ended-unreviewed = L'échéance ({ $day }) est passée sans revue finale : aucune valeur pour { $period } dans sa dernière période.
report-targets-met = { $met } { $met ->
        [one] cible atteinte sur { $total }
       *[other] cibles atteintes sur { $total }
    }
report-in-latest = {" "}{ $period_kind ->
        [daily] le
        [quarterly] au
       *[other] en
    } { $period }, la dernière période complète
report-none-ended-yet = {" "}— aucune période n'est encore terminée
report-status = { $status ->
        [met] atteinte
        [missed] manquée
        [in-progress] en cours
       *[no-data] sans données
    }
report-target-goal = cible { $goal }
report-gap = Écart à la cible : { $gap }
report-card-none-ended = Aucune période n'est encore terminée
report-vs-previous = par rapport à la période précédente
report-vs-year = par rapport à l'an dernier
report-current-card = { $value } à ce jour ; jugée à la fin de la période
report-current-card-pace = { $value } à ce jour, au rythme de { $pace } (une projection) ; jugée à la fin de la période
report-point-pace = { $period } { $value } à ce jour (rythme { $pace })
report-point-so-far = { $period } { $value } à ce jour
report-trend-label = { $metric } sur { $count ->
        [one] { $count } période
       *[other] { $count } périodes
    } : { $points } ; cible { $goal }
report-with = {" "}avec { $operands }
report-action = Action :
report-when-missed = Si manquée :
report-better = mieux
report-worse = moins bien
report-no-change = inchangé
report-about = À propos de ce rapport
report-freshness = Fraîcheur des données
report-source = Source
report-latest-day = Dernier jour
report-data = données
report-no-row = aucune ligne
report-spec = Spec : { $files }.
report-spec-at = Spec : { $files } à la révision { $revision }.
report-spec-at-html = Spec : { $files } à la révision <code>{ $revision }</code>.
report-computed-by = Calculé en décimales exactes par Boussole { $version }.
report-computed-by-as-of = Calculé en décimales exactes par Boussole { $version }, revue au { $day }.
report-score-md = **{ $met } { $met ->
        [one] cible atteinte sur { $judged }
       *[other] cibles atteintes sur { $judged }
    }** dans leur dernière période complète, sur { $objectives ->
        [one] { $objectives } objectif
       *[other] { $objectives } objectifs
    }.
report-owner = Responsable : { $owner }
report-review = Revue : { $cadence ->
        [daily] quotidienne
        [weekly] hebdomadaire
        [monthly] mensuelle
        [quarterly] trimestrielle
        [yearly] annuelle
       *[none] aucune
    }
report-deadline = Échéance : { $day }
report-objective-score-md = **{ $met } { $met ->
        [one] cible atteinte sur { $total }
       *[other] cibles atteintes sur { $total }
    }** { $period_kind ->
        [daily] le
        [quarterly] au
       *[other] en
    } { $period }
report-no-period-ended-yet = aucune période n'est encore terminée
report-no-period-ended = aucune période terminée
report-table-head = | KPI | Période | Valeur | Cible | Statut | Écart | Vs précédente | Vs an dernier | Tendance | Action si manquée |
report-current = { $metric } { $period_kind ->
        [daily] le
        [quarterly] au
       *[other] en
    } { $period } (en cours) : { $value } à ce jour
report-current-pace = { $metric } { $period_kind ->
        [daily] le
        [quarterly] au
       *[other] en
    } { $period } (en cours) : { $value } à ce jour, au rythme de { $pace }
report-computed = { $metric } { $period_kind ->
        [daily] le
        [quarterly] au
       *[other] en
    } { $period } : { $value }
report-how-computed = Comment ces valeurs sont calculées
report-up-to = jusqu'au { $day }
report-data-line = Données : { $parts }.


## inspect

inspect-key = { $key ->
        [sheet] feuille
        [format] format
        [encoding] encodage
        [delimiter] séparateur
        [numbers] nombres
        [header] en-tête
        [rows] lignes
        [date] date
        [numeric] numérique
       *[text] texte
    }
inspect-workbook = { $sheet } (un classeur)
inspect-json-lines = lignes JSON
inspect-numbers = décimale { $decimal }, milliers { $thousands }
inspect-header = ligne { $line }{ $skip ->
        [0] {""}
       *[other] {" "}(skip : { $skip })
    }
inspect-rows = { $rows } examinées
inspect-date = { $column } ({ $format }), par exemple { $examples }
inspect-no-date = aucune trouvée
inspect-dimension = dimension
inspect-note = remarque : { $note }
inspect-snippet = # une spec pour ce fichier, que `boussole check` accepte telle quelle :
inspect-empty-column = la colonne `{ $column }` n'a aucune valeur dans les lignes examinées
inspect-ambiguous-date = `{ $column }` : chaque date examinée se lit aussi bien en { $format } qu'en { $other } ; { $format } est proposé, vérifiez avec un jour après le 12
inspect-no-json-object = { $path } : aucune ligne du fichier n'est un objet JSON
inspect-sheet-unreadable = { $path } : feuille `{ $sheet }` : { $error }
inspect-empty-workbook = { $path } : le classeur ne contient aucune donnée

## Le serveur de langage

lsp-objective = **objectif `{ $name }`**
lsp-owner = responsable : { $owner }
lsp-review = revue : { $cadence }
lsp-deadline = échéance : { $deadline }
lsp-when-missed = {" "}— si manquée : { $action }
lsp-not-a-name = `{ $name }` n'est pas un nom : des lettres, des chiffres et `_`, sans chiffre au début, pas une fonction
lsp-name-taken = `{ $name }` est déjà défini : renommer `{ $old }` ainsi fusionnerait deux noms
lsp-replace-with = Remplacer par `{ $name }`
lsp-add-action = Ajouter une `action:` (ce qui est fait quand la cible est manquée)
## explain

explain-kind = { $kind ->
        [input] donnée (input)
       *[metric] métrique
    }
explain-defined-at = défini dans { $at }
explain-unit = unité : { $unit }
explain-better = mieux : { $better ->
        [higher] plus haut
       *[lower] plus bas
    }
explain-vanity = indicateur de vanité
explain-depends-on = dépend de :
explain-used-by-metrics = utilisé par les métriques : { $metrics }
explain-used-by-objectives = utilisé par les objectifs :
explain-kpi = KPI { $kpis }
explain-target = cible `{ $target }`
explain-unused = utilisé par aucune métrique ni aucun objectif
explain-input-def = donnée, { $definition }, { $unit }
explain-as-written = { $text }
explain-item = { $name } : { $text }
input-def = { $aggregate ->
        [sum] somme
        [min] minimum
        [max] maximum
        [avg] moyenne
        [first] première valeur
        [last] dernière valeur
        [count] nombre
        [count_distinct] nombre de valeurs distinctes
       *[other] { $aggregate }
    } de { $what }{ $where_kind ->
        [yes] {" "}où `{ $filter }`
       *[no] {""}
    }{ $having_kind ->
        [yes] {" "}ayant `{ $having }`
       *[no] {""}
    }
input-def-expr = `{ $expr }`
input-def-rows = lignes
input-def-column = la colonne `{ $column }`

## diff

diff-title = Changements de KPI : `{ $old }` → `{ $new }`
diff-no-change = Aucun changement de métrique, de donnée ni de cible.
diff-table-head = | changement | quoi | objectifs concernés |
diff-kind = { $kind ->
        [added] ajouté
        [removed] supprimé
        [renamed] renommé
        [redefined] redéfini
        [unit-changed] unité changée
        [target-added] cible ajoutée
        [target-removed] cible supprimée
        [target-tightened] cible resserrée
        [target-loosened] cible relâchée
        [target-changed] cible changée
        [action-changed] action changée
        [objective-added] objectif ajouté
        [objective-removed] objectif supprimé
       *[other] { $kind }
    }
diff-none = aucune
diff-item = `{ $name }` : { $what }
diff-was = `{ $name }` (était `{ $definition }`)
diff-in = `{ $target }` dans `{ $objective }`
diff-moved = `{ $old }` → `{ $new }` dans `{ $objective }`
diff-action-changed = `{ $target }` dans `{ $objective }` : { $old } → { $new }
diff-effects = Effet sur les dernières périodes
diff-effects-head = | métrique | période | avant | après |
diff-version-errors = avertissement : { $version } a { $errors ->
        [one] { $errors } erreur
       *[other] { $errors } erreurs
    } (boussole check) ; comparé autant qu'il se charge
what-a-label = un libellé
unknown-language = `{ $lang }` n'est pas une langue que Boussole parle
languages = langues : { $langs }

## init

init-exists = { $path } existe déjà ; init n'écrase jamais de fichier
init-created = créé { $path }
init-next = ensuite :
    {"  "}boussole check { $dir }
    {"  "}boussole test { $dir }
    {"  "}boussole eval { $dir } --data { $data }
    {"  "}boussole fmt { $dir }      (après avoir modifié une spec)

## fmt

fmt-formatted = mis en forme { $path }
fmt-check-summary = { $changed ->
        [one] { $changed } fichier non mis en forme
       *[other] { $changed } fichiers non mis en forme
    } (lancez `boussole fmt` pour les réécrire), { $unchanged ->
        [one] { $unchanged } déjà en forme
       *[other] { $unchanged } déjà en forme
    }

## La ligne de commande

cli-error = erreur : { $message }
cli-bug =
    c'est un bogue de boussole, pas de vos fichiers : { $message }
    (merci de le signaler avec la commande et les fichiers qui y ont mené)
io-error = { $path } : { $error }
load-too-many-entries = plus de { $max } fichiers et répertoires sous les chemins donnés : nommez les répertoires qui contiennent les specs
cli-cannot-run = impossible de lancer { $program } : { $error }
cli-git-no-output = git archive n'a rien produit
cli-not-a-revision-here = `{ $rev }` n'est pas une révision de ce dépôt : { $error }
cli-cannot-write = impossible d'écrire { $path }
cli-cannot-write-report = impossible d'écrire le rapport
cli-cannot-read-back = impossible de relire les lignes écrites sur le disque
cli-cannot-make-temp = impossible de créer un répertoire temporaire
cli-not-a-day = `{ $text }` n'est pas un jour : écrivez-le AAAA-MM-JJ, par exemple 2026-03-31
cli-unknown-period = période inconnue `{ $text }` ({ $periods })
cli-unknown-dialect = dialecte inconnu `{ $text }` ({ $dialects })
cli-not-a-size = `{ $text }` n'est pas une taille : écrivez par exemple 256MiB, 2GiB, 1.5GB ou none

## Les erreurs de clap en français

clap-value-required = une valeur est attendue après « { $arg } »
clap-invalid-value = valeur « { $value } » invalide pour « { $arg } »
clap-possible-values = [valeurs possibles : { $values }]
clap-value-validation = valeur « { $value } » invalide pour « { $arg } » : { $why }
clap-unknown-argument = argument inattendu « { $arg } »
clap-unknown-command = commande inconnue « { $name } »
clap-no-equals = un signe égal est nécessaire pour donner une valeur à « { $arg } »
clap-too-many-values = valeur inattendue « { $value } » pour « { $arg } » : aucune autre n'était attendue
clap-missing-arguments = ces arguments obligatoires manquent : { $args }
clap-missing-command = « { $command } » attend une commande, et aucune n'a été donnée
clap-argument-twice = l'argument « { $arg } » ne peut être donné qu'une fois
clap-argument-conflict = l'argument « { $arg } » ne peut pas être utilisé avec « { $other } »
clap-invalid-utf8 = un argument n'est pas de l'UTF-8 valide
clap-similar = conseil : { $what ->
        [command] une commande proche existe
        [value] une valeur proche existe
       *[argument] un argument proche existe
    } : « { $name } »
clap-usage = Utilisation : { $usage }
clap-try-help = Pour en savoir plus, essayez « --help ».

## sql

sql-bad-name = { $what } `{ $name }` { $why ->
        [empty] est vide
        [control] contient un caractère de contrôle
        [backtick] contient un accent grave ou une barre oblique inverse, que les noms BigQuery ne peuvent pas contenir
       *[long] dépasse { $max } octets, le maximum que garde { $dialect }
    }
sql-bad-name-help = renommez-le, ou laissez-le hors de la requête { $dialect }
sql-what-table-part = la partie de nom de table
sql-what-by = la colonne de --by
sql-what-date = la colonne de date
sql-what-output = la colonne de sortie
sql-what-objective = l'objectif
sql-what-dimension = la colonne de la dimension `{ $dim }`
sql-what-input = la colonne de l'input `{ $input }`
sql-two-columns = deux colonnes de sortie s'appelleraient `{ $name }`
sql-two-columns-help = une colonne de --by ne peut pas porter le nom d'un input, d'une métrique ou de `period`
sql-no-table = aucune table : donnez-la avec --table TABLE
sql-source-no-table = la source `{ $source }` n'a pas de table
sql-source-no-table-help = donnez-lui `table:` dans la source, ou --table { $source }=TABLE
sql-date-specifier = source `{ $source }` : le spécificateur de format de date `{ $specifier }` n'a pas d'équivalent { $dialect } que boussole sache écrire
sql-date-specifier-help = en SQL, les formats de date peuvent utiliser %Y %y %m %d %e %H %I %M %S %p %b %h %B %F %T %R %D et %%
engine-error = { $engine } : { $error }
engine-error-help = la requête a tourné dans { $engine } : `boussole sql --dialect { $engine }` l'affiche, pour la lancer à la main
engine-says = { $text }
engine-bad-value = le moteur a renvoyé { $what ->
    [date] la date
    [count] le compte
   *[other] le nombre
} `{ $value }`, que boussole ne sait pas lire
engine-no-database = aucun fichier de base de données `{ $path }`
engine-cannot-start = impossible de lancer `{ $program }` ({ $error }) : installez la CLI de DuckDB (pip install duckdb-cli) ou nommez-la avec BOUSSOLE_DUCKDB
engine-bad-connection = la chaîne de connexion n'est pas valide : donnez une URL (postgresql://UTILISATEUR@HÔTE:PORT/BASE) ou des paires clé=valeur (host=… user=… dbname=…)
cli-engine-needs-database = --engine duckdb demande --database FICHIER
cli-engine-needs-connection = --engine postgres demande --connection URL (ou DATABASE_URL dans l'environnement)
cli-engine-with-data = --engine lit les données dans le moteur : --data, --delimiter, --decimal-comma et --on-bad-row ne s'appliquent pas
cli-engine-flag-without-engine = --database, --connection et --table demandent --engine
cli-engine-other-flag = --{ $flag } appartient à --engine { $engine } : retirez-la ou choisissez ce moteur

## Périodes, fichiers, fmt

too-many-periods = l'objectif `{ $objective }` couvre { $count } périodes ({ $cadence }) de { $first } à { $last } ; seules les { $kept } dernières (depuis { $from }) sont évaluées
too-many-periods-help = donnez à l'objectif un `start`, ou cherchez une date mal saisie dans les données
spec-not-utf8 = le fichier de spec n'est pas en UTF-8 valide
invalid-byte = octet invalide
fmt-unsupported = boussole fmt ne réécrit pas les fichiers avec { $what ->
        [aliases] des alias (`*nom`)
        [anchors] des ancres (`&nom`)
        [tags] des étiquettes (`!nom`)
       *[directives] des directives (`%YAML`, `%TAG`)
    }
fmt-unsupported-help = écrivez les valeurs en entier, ou laissez ce fichier hors de `boussole fmt`
fmt-failed = boussole fmt n'a pas pu mettre ce fichier en forme sans le changer ({ $why }) ; il est laissé tel quel
fmt-failed-help = c'est un bug de boussole : signalez-le avec le fichier
cli-decimal-comma-delimiter = --decimal-comma demande un autre séparateur de champs, par exemple --delimiter ';'
cli-reading-flags-with-sources = --delimiter et --decimal-comma lisent le fichier --data d'une spec sans `sources:` ; cette spec déclare des sources : écrivez `delimiter:` ou `decimal: comma` dans la source
cli-data-needed = --data FICHIER est nécessaire : la spec ne déclare pas de `sources:`
cli-one-data = un seul --data FICHIER : la spec ne déclare pas de `sources:` auxquelles lier NOM=FICHIER
cli-fmt-test-file = { $path } : un fichier de tests ; boussole fmt met en forme les fichiers de spec (*.kpi.yaml)
cli-no-spec-file = aucun fichier *.kpi.yaml trouvé dans { $paths }
cli-stdin-too-large = <stdin> : les fichiers de spec sont limités à { $max } octets
cli-no-test-file = aucun fichier *.kpi-test.yaml trouvé
cli-explain-what = un NOM ou --code CODE
cli-no-code = pas de code de diagnostic `{ $name }` ; les codes : { $codes }
cli-no-code-near = pas de code de diagnostic `{ $name }` (vouliez-vous dire `{ $near }` ?) ; les codes : { $codes }
cli-not-a-revision = `{ $rev }` n'est pas une révision
