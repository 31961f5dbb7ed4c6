# Boussole's messages in English. Each id has its twin, with the same
# arguments, in ../fr/boussole.ftl (tests/i18n.rs checks it).
# English texts are those Boussole printed before it spoke French: CI logs
# that grep them keep working.

## Summary lines

summary-problems = { $errors } error(s), { $warnings } warning(s)

## Diagnostics at a terminal

human-see-code = see: boussole explain --code { $code }
human-note-at = note: { $note } at { $at }
human-more-diagnostics = … and { $count } more `{ $code }` like these, not shown (`--format json` lists every one)

## eval's tables

eval-no-rows = No data rows: nothing to evaluate.
eval-kpi-column = { $period } KPI
eval-unit-column = unit
eval-more-rows = … and { $count } more rows, of dimension values after the first { $shown }: `--format csv` or `--format json` gives every row
eval-objective-column = objective
eval-target-column = target
eval-period-column = period
eval-value-column = value
eval-status-column = status
eval-action-column = action when missed
eval-status = { $status ->
        [met] ✔ met
        [missed] ✘ missed
        [in-progress] ⏳ in progress
       *[no-data] · no-data
    }
eval-status-pace = { $status }, pace { $pace }
eval-more-targets = … and { $count } more target rows: `--format json` gives every one
eval-summary = { $met } met, { $missed } missed{ $running ->
        [0] {""}
       *[other] , { $running } in progress
    }, { $nodata } without data

## Loading specs

spec-unknown-locale = `{ $locale }` is not a locale Boussole knows
spec-locales = known locales: { $locales } (a region may follow: `fr-FR`, `en-GB`)
spec-two-locales = the spec files ask for two different locales
spec-first-locale = the first one

## Shared

did-you-mean = did you mean `{ $name }`?

## SMART and the guide's pitfalls (check)

smart-no-description = objective `{ $objective }` has no description
smart-no-description-help = say what is to change, by how much, e.g. `Increase online sales by 15% within 12 months`
smart-no-target = objective `{ $objective }` has no target
smart-no-target-help = add `targets:` with at least one, e.g. `- conversion >= 5%`
smart-no-period = objective `{ $objective }` has no review period
smart-no-period-help = add `period: monthly` (daily, weekly, monthly, quarterly or yearly)
smart-no-deadline = objective `{ $objective }` has no deadline
smart-no-deadline-help = add `deadline: YYYY-MM-DD`
smart-ends-before-start = objective `{ $objective }` ends before it starts
smart-ends-before-start-label = deadline before the start
smart-start = start
smart-not-aligned = objective `{ $objective }` is not aligned with a strategy goal
smart-not-aligned-help = add `aligned_with:` naming a goal declared under `strategy:`
smart-undeclared-goal = strategy goal `{ $goal }` is not declared
smart-undeclared-goal-label = no such goal under `strategy:`
smart-undeclared-goal-help = declare it under `strategy:`
too-many-kpis = objective `{ $objective }` tracks { $count } KPIs; keep 3 to 5
too-many-kpis-label = KPI number { $number }
too-many-kpis-help = too many KPIs dilute focus: keep the ones that drive a decision
vanity-only = objective `{ $objective }` tracks only vanity metrics
vanity-only-help = vanity metrics (impressions, reach, traffic) look good but drive no decision; add a KPI such as conversion or CAC
no-action = target `{ $target }` of objective `{ $objective }` has no action
no-action-label = what is done when this is missed?
no-action-help = write it in the long form: `- target: { $target }` with `action: …` beside it

## Names and calls (check)

undefined-name = `{ $name }` is not defined
undefined-name-label = not an input or a metric
undefined-name-help = declare it under `inputs:` (a data column) or `metrics:`
unknown-function = unknown function `{ $name }`
unknown-function-help = functions: { $functions }
call-arity = `{ $name }` takes { $kind ->
        [exact] { $min }
        [range] { $min } or { $max }
       *[at-least] at least { $min }
    } argument(s), found { $found }
call-periods = the second argument of `{ $name }` is a whole number of periods (1 or more)
call-periods-help = e.g. `{ $name }(revenue, 12)` compares with 12 periods earlier

## Units (check)

unit-cannot = cannot { $op ->
        [add] add { $left } and { $right }
        [subtract] subtract { $left } and { $right }
        [multiply] multiply { $left } by { $right }
       *[divide] divide { $left } by { $right }
    }
unit-call-clash = `{ $name }` of { $left } and { $right }
unit-like-with-like = compare like with like
unit-target-compares = target compares { $left } with { $right }
unit-target-like-with-like = a target compares like with like
unit-with-currency = write the amount with its currency, e.g. `{ $amount }`
unit-percent-is-ratio = a percentage is a ratio; compare money with an amount such as `5 EUR`
unit-two-currencies = { $left } and { $right } are different currencies; convert one first (multiply by a rate)
const-division-by-zero = division by zero
const-division-by-zero-label = this divisor is always zero
unit-declared-but = `{ $name }` is declared { $declared } but its definition gives { $gives }
unit-declared = declared { $unit }
unit-this-is = this is { $unit }

## Definitions (check)

duplicate-name = `{ $name }` is defined twice
second-definition = second definition
first-defined-here = first defined here
duplicate-name-help = names are global across all spec files; rename or remove one
duplicate-objective = objective `{ $objective }` is defined twice
circular = circular definition: { $chain }
circular-label = defined in terms of itself
circular-help = a metric cannot depend on itself, directly or through other metrics
circular-part = part of the cycle
human-help = help:
