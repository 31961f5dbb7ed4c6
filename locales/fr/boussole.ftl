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
human-note-at = note : { $note } en { $at }
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
