# Boussole's messages in English. Each id has its twin, with the same
# arguments, in ../fr/boussole.ftl (tests/i18n.rs checks it).
# English texts are those Boussole printed before it spoke French: CI logs
# that grep them keep working.

## Summary lines

summary-problems = { $errors } error(s), { $warnings } warning(s)

## Diagnostics at a terminal

human-see-code = see: boussole explain --code { $code }
human-note-at = note: { $note } at { $at }
human-same-elsewhere = the same in { $count ->
        [one] one more period or group
       *[other] { $count } more periods or groups
    }: { $list }
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

# a text not from the catalogue: an error of the system or of a library
text = { $text }
internal-error = internal error: { $what }; this is a bug in boussole, not in your files
internal-error-help = please report it with the file that led here
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

## Reading spec files (load)

# what a value is, in the messages about it
what-a-column = a column
what-a-condition = a condition
what-a-date = a date
what-a-date-column = a date column
what-a-date-format = a date format
what-a-delimiter = a delimiter
what-a-description = a description
what-a-kpi-name = a KPI name
what-a-metric = a metric
what-a-number-of-lines = a number of lines
what-a-path = a path
what-a-period = a period
what-a-sheet = a sheet
what-a-source = a source
what-a-spec-file = a spec file
what-a-strategy-goal = a strategy goal
what-a-table = a table
what-a-target = a target
what-a-time-zone = a time zone
what-a-unit = a unit
what-an-action = an action
what-an-aggregate = an aggregate
what-an-expression = an expression
what-an-owner = an owner
what-better = better
what-decimal-mark = decimal mark
what-dimension-name = dimension
what-encoding = encoding
what-format = format
what-input-name = input
what-inputs = inputs
what-locale = `locale`
what-objectives = objectives
what-source-name = source
what-sources = sources
what-strategy = strategy
what-thousands-separator = thousands separator
what-vanity = vanity
what-input = input `{ $name }`
what-source = source `{ $name }`
what-source-dimensions = the dimensions of source `{ $name }`
what-source-date = the date of source `{ $name }`
what-objective = objective `{ $name }`
kind-nothing = nothing
kind-mapping = a mapping
kind-list = a list
kind-scalar = a scalar

must-be-mapping = { $what } must be a mapping, found { $found }
must-be-text = { $what } must be text, found { $found }
must-be-boolean = { $what } must be true or false
keys-plain-names = keys must be plain names
duplicate-key = duplicate key `{ $key }` in { $what }
unknown-key = unknown key `{ $key }` in { $what }
unknown-key-label = not a key of this section
unknown-key-comma = in a `{"{"} … {"}"}` mapping, a comma ends the value: write the expression in quotes, e.g. `expr: 'round(CustomerID, 0)'`; known keys: { $keys }
known-keys = known keys: { $keys }
better-value = `better` must be higher or lower, not `{ $value }`
unknown-unit = unknown unit `{ $unit }`
unknown-unit-label = not a unit
unknown-unit-help = units are count, ratio, number, or money(CUR) with an ISO 4217 code such as money(EUR)
invalid-name = `{ $name }` is not a valid { $what } name
invalid-name-help = names are ASCII letters (no accents), digits and `_`, starting with a letter
target-shape = a target is `expression comparator value`, or `target:` with `action:`
action-empty = an action says what to do: it is empty
target-no-target = a target written as a mapping has no `target`
target-no-target-help = write `- target: cac <= 50 EUR` with `action:` beside it
too-many-names = more than { $max } inputs and metrics in the project
too-many-names-help = split the catalog into projects checked separately
expected-as-text = expected { $what } written as text
list-empty = { $what } list is empty
unknown-choice = unknown { $what } `{ $value }`
one-of = one of: { $choices }
unknown-aggregate = unknown aggregate `{ $aggregate }`
aggregates = aggregates: { $names }
input-no-unit = input `{ $name }` has no unit
input-no-unit-help = add `unit: count` (or ratio, number, money(EUR))
delimiter-not-one = `{ $text }` is not one character (or `tab`)
delimiter-in-values = `{ $text }` cannot separate fields: it can be part of a value
skip-range = `skip` is a number of lines, from 0 to { $max }
unknown-time-zone = unknown time zone `{ $zone }`
unknown-time-zone-help = an IANA zone name, such as Europe/Paris or America/New_York
decimal-thousands-clash = source `{ $source }` uses `{ $mark }` both as decimal mark and as thousands separator
not-a-date-format = `{ $format }` is not a date format: { $why }
date-format-directive = it has an unknown `%` directive
date-format-no-day = it names no day (`%d`, `%e`, `%j`, `%F`…)
date-format-no-year = it names no year (`%Y`, `%y`…)
date-format-help = formats are chrono's strftime: `%d/%m/%Y`, `%Y%m%d`, `%m/%d/%Y %H:%M`
date-column-and-range = a source's date is one `column`, or a range `from` … `to`, not both
date-range-no-to = a date range needs `to`, the column where it ends
date-range-no-from = a date range needs `from`, the column where it starts
metrics-must-be-list = metrics must be a list of `name = expression`, found { $found }
def-shape = `def` must be `name = expression`
metric-no-def = metric has no `def`
metric-no-def-help = write `def: name = expression`
metric-shape = a metric is `name = expression` or a mapping with `def:`
strategy-shape = a strategy goal is `name: description`
not-a-date = `{ $text }` is not a date
not-a-date-help = dates are written YYYY-MM-DD, e.g. 2026-12-31
unknown-period = unknown period `{ $period }`
periods = periods: { $names }
kpis-shape = kpis must be a list of metric names
targets-shape = targets must be a list such as `- cac <= 50 EUR`

## Reading data (eval)

file-csv = CSV
file-workbook = workbook
file-jsonl = JSON-lines file
file-parquet = Parquet file
quoted = `{ $name }`
quoted-alternatives = `{ $first }` (or { $rest })
list = { $items }
list-separator = {"; "}
ellipsis = …
columns = columns: { $columns }
at-line-column = line { $line }, column { $column }: { $what }
empty-data = { $path } has a header but no rows
csv-header-unreadable = cannot read the CSV header: { $error }
csv-header-not-utf8 = the CSV header is not UTF-8 (its field { $field })
not-utf8-help = an export saved by Excel is often in Windows-1252: if so, add `encoding: windows-1252` to source `{ $source }` (`boussole inspect { $path }` tells which)
not-utf8-data-help = an export saved by Excel is often in Windows-1252: if so, declare the file as a source with `encoding: windows-1252` (`boussole inspect { $path }` tells which)
file-empty-header = the { $file } is empty: it needs a header with a `date` column
column-twice = column `{ $column }` appears twice (columns { $first } and { $second })
file-no-column = the { $file } has no { $column } column
no-date-column-help = the first line must name the columns, one of them `date` (YYYY-MM-DD)
no-date-column-source-help = columns: { $columns }; name the date column with `date:` in the source
source-no-dimension-column = source `{ $source }` has no column `{ $column }` ({ $path }): its inputs have no values by `{ $column }`
source-no-dimension-column-help = columns: { $columns }; map the dimension with `dimensions: {"{"} { $column }: COLUMN {"}"}` in the source
by-column-missing = --by column `{ $column }` is not in the data (columns: { $columns })
missing-column = the data has no column { $column }; input `{ $input }` has no values
missing-column-near = did you mean `{ $name }`? columns in { $path }: { $columns }
missing-column-columns = columns in { $path }: { $columns }
skipped-rows = { $count } bad row(s) of { $path } left out (--on-bad-row skip)
hint-other-currency = an amount in { $found }; the input is money({ $wanted })
hint-not-money = an amount in { $found }; the input is not money
hint-comma-no-thousands = the decimal separator is `,`, with no thousands separator
hint-point-flag = the decimal separator is `.`; --decimal-comma reads `12,5`
hint-point-source = the decimal separator is `.`; `decimal: comma` in the source reads `12,5`
cell-not-a-number = column `{ $column }`: `{ $cell }` is not a number
cell-not-a-number-hint = column `{ $column }`: `{ $cell }` is not a number ({ $hint })
cell-not-a-date = column `{ $column }`: `{ $cell }` is not a date ({ $format })
row-field-count = row has { $fields } fields; the header has { $header }
row-not-utf8 = row is not valid UTF-8
row-unreadable = unreadable row: { $error }
row-overflow = input `{ $input }`: its expression overflows exact decimals on this row
range-backwards = the row's range ends ({ $end }) before it starts ({ $start })
range-crosses = the row covers { $start } to { $end }, more than one { $period } period: export with a daily breakdown (or one row per { $period } period)
jsonl-not-object = line { $line } is not a JSON object (found { $found ->
        [array] an array
        [string] a string
        [number] a number
       *[scalar] a scalar
    })
jsonl-invalid = line { $line } is not valid JSON: { $error }
jsonl-no-object = the file holds no JSON object: it needs at least a date key
parquet-not-built = this boussole was built without Parquet (cargo feature `parquet`, on by default)
parquet-reader-failed = cannot read the Parquet file: the reader failed ({ $why }): the file is damaged
parquet-unreadable = cannot read the Parquet file: { $error }
parquet-row-unreadable = cannot read row { $row } of the Parquet file: { $error }
parquet-group-unreadable = cannot read row group { $group } of the Parquet file: { $error }
workbook-unreadable = cannot read the workbook: { $error }
workbook-no-sheet-named = the workbook has no sheet `{ $sheet }`
sheets = sheets: { $sheets }
workbook-no-sheet = the workbook has no sheet
sheet-unreadable = sheet `{ $sheet }`: { $error }
sheet-empty = sheet `{ $sheet }` is empty: it needs a header with a date column

## Evaluating (eval)

overflow = result overflows exact decimals (about 7.9e28)
aggregate-overflow = the { $aggregate } of `{ $input }` overflows exact decimals
zero-divisor = `{ $divisor }` is zero in { $period }; the value is null
zero-divisor-label = zero in this period
zero-growth = `{ $arg }` was zero { $periods } period(s) before { $period }; growth is null
smart-achievable = target `{ $target }` is far beyond anything the data has shown (best: { $best })
smart-achievable-label = more than twice the best value seen
smart-achievable-help = an achievable target is within reach of past results; check the threshold or its unit
stale-data = { $kind ->
        [data] the data
       *[source] source `{ $source }`
    } ends on { $last }: nothing for { $due } ({ $cadence }), the period before the review on { $day } of objective `{ $objective }`
stale-data-help = export the data again up to the review day, or review on an earlier day with --as-of
groups-periods = periods
groups-periods-and = periods and values of { $dims }
memory-limit = the report's groups ({ $groups }) need more memory than the limit of { $limit }
memory-limit-no-disk = the report's groups ({ $groups }) need more memory than the limit of { $limit }, and could not be written to disk: { $error }
memory-limit-parts = the report's groups ({ $groups }) need more memory than the limit of { $limit }, even written to disk in { $parts } parts (one part needs { $need })
memory-limit-help = raise --memory-limit, group by fewer dimensions or a longer --period, or compute the spec inside your database with `boussole sql`
warnings-omitted = { $count } more `{ $code }` warnings are not listed: keeping them would take more than a 64th of the memory limit of { $limit }
warnings-omitted-help = raise --memory-limit to list every one, or evaluate with a longer --period

## Sources and files

no-file-matches = no file matches `{ $pattern }` (source `{ $source }`)
no-file-matches-help = the path is relative to { $dir }; or give the file with --data { $source }=FILE
pattern-problem = `{ $pattern }`: { $why }
no-data = no data: give the CSV with --data FILE
source-no-file = source `{ $source }` has no file
source-no-file-help = give it `path:` (a glob, relative to the spec file) or --data { $source }=FILE
refused-outside = { $path } leads outside the project: { $searched ->
        [yes] not searched
       *[no] not read
    }
refused-outside-help = a symbolic link, `..` or an absolute path leading out of the project is refused (a spec under review is untrusted); the project is the git work tree of the current directory and the directories given on the command line
refused-not-a-file = { $path } is { $kind ->
        [directory] a directory
        [fifo] a FIFO
        [socket] a socket
        [char-device] a character device
        [block-device] a block device
        [broken-link] a broken symbolic link
       *[special] a special file
    }, not a regular file: { $searched ->
        [yes] not searched
       *[no] not read
    }
refused-not-a-file-help = only regular files are read (no FIFO, socket or device)
refused-too-large = { $path } is over the limit of { $limit } bytes: { $searched ->
        [yes] not searched
       *[no] not read
    }
refused-too-large-help = split the file, or check that it is the one meant
refused-unreadable = { $path }: { $error }
refused-unreadable-help = check the file's permissions

## Row-level inputs (check)

count-unit = `{ $input }` is a { $aggregate }: its unit is count, not { $unit }
count-unit-help = write `unit: count`
counts-condition = `{ $input }` counts values of a condition
counts-condition-label = a condition (true or false)
counts-condition-help = a condition on the rows goes in `where:`; `expr:` is what is counted
having-not-distinct = `having:` of `{ $input }`, a { $aggregate }
having-not-distinct-label = a condition on each distinct value
having-not-distinct-help = `having:` says which distinct values count: use it with `aggregate: count_distinct`
type-expected = expected { $want ->
        [number] a number
        [text] a text
       *[condition] a condition
    }, found { $found ->
        [number] a number
        [text] a text
       *[condition] a condition
    }
type-this-is = this is { $found ->
        [number] a number
        [text] a text
       *[condition] a condition
    }
type-text-not-number = a text in quotes is not a number: write the number without quotes
type-quote-text = write the text in quotes: "17850"
type-condition-in-where = a condition is true or false; it goes in `where:`
type-condition-compares = a condition compares values: `Quantity > 0`, `stage == "won"`, `is_empty(x)`
having-bare-column = column `{ $column }` outside an aggregate in `having:`
having-bare-column-label = one value per row, not per distinct value
having-bare-column-help = `having:` compares aggregates of each value's rows: `count_distinct({ $column }) >= 2`, `sum({ $column }) > 100`
having-unknown-aggregate = `{ $name }` is not an aggregate `having:` can use
having-aggregates = `having:` compares aggregates: { $names }
having-arity = `{ $name }` takes { $kind ->
        [one] one
       *[at-most-one] at most one
    } argument, found { $found }
having-arity-help = e.g. `count_distinct(InvoiceNo) >= 2`, `sum(Quantity * UnitPrice) > 100`, `count() >= 3`
row-unknown-function = unknown function `{ $name }` in a row expression
row-functions = row expressions have: { $names }
written-as = written `{ $usage }`
round-digits = the digits of `round` are a whole number from 0 to { $max }
round-digits-help = e.g. `round(Quantity * UnitPrice, 2)`

## Sources (check)

duplicate-source = source `{ $source }` is declared twice
first-declared-here = first declared here
declare-source = declare it under `sources:` (its files and how they are written)
sources = sources: { $names }
undeclared-source = input `{ $input }` reads source `{ $source }`, which is not declared
undeclared-source-label = no such source under `sources:`
input-no-source = input `{ $input }` names no source, and the spec declares several
input-no-source-help = add `source:` with one of { $names }
source-no-dimensions = source `{ $source }` declares no dimensions (`dimensions: {"{}"}`), so no `{ $dim }`
source-lacks-dimension = source `{ $source }` declares the { $count ->
        [one] dimension
       *[other] dimensions
    } { $declared } but not `{ $dim }`
lacking-no-values = { $lacks }: its inputs have no values by `{ $dim }`
lacking-dimension-help = a source's `dimensions:` lists all it has; add `{ $dim }: COLUMN` if its data has it

## Expressions and YAML (parse)

unexpected-char = unexpected `{ $found }`
unexpected-end = unexpected end of expression
unexpected-expected = { $what }, expected { $expected }
unexpected-expected-or = { $what }, expected { $init } or { $last }
expect-token = `{ $token }`
expect-name = a name
expect-number = a number
expect-currency = a currency code
expect-expression = an expression
expect-comparison = a comparison (>=, <=, >, <, ==, !=)
expect-text = a text in quotes
expect-quoted-column = a column in backticks
expect-column = a column
expect-list = a list `[...]`
expect-boolean = true or false
expect-end = the end of the expression
syntax-metric-help = a metric is written `name = expression`, e.g. `ctr = clicks / impressions`
syntax-row-help = a row expression is written over the source's columns, e.g. `Quantity * UnitPrice` or `not starts_with(InvoiceNo, "C")`
syntax-target-help = a target is written `expression comparator value`, e.g. `cac <= 50 EUR` or `ctr >= 3%`
expression-too-long = expression is { $length } bytes long; the limit is { $max }
expression-too-deep = expression nested more than { $max } levels deep
too-deep-here = too deep here
split-expression = split it into intermediate metrics
too-many-digits = number `{ $number }` has more digits than the 28 that exact decimals keep
too-many-digits-label = too many digits
invalid-yaml = invalid YAML: { $error }
here = here
yaml-comma-in-flow-help = inside `{"{"} … {"}"}` or `[ … ]`, a comma ends the value: put an expression with commas in single quotes (`where: 'not starts_with(InvoiceNo, "C")'`), or write the item as a block, one key per line
yaml-two-documents = a spec file holds one YAML document; found a second
yaml-two-documents-help = split the documents into separate *.kpi.yaml files
yaml-alias-bomb = aliases expand to more than { $max } nodes
yaml-this-alias = this alias
yaml-alias-bomb-help = YAML aliases that expand exponentially (an alias bomb) are refused
yaml-unknown-anchor = alias to an unknown anchor
yaml-too-many-nodes = more than { $max } YAML nodes
yaml-too-deep = YAML nested more than { $max } levels deep

## check and test

check-ok = ok: { $files } spec file(s), no problem found
test-specs-have-errors = the specs have errors: fix them (boussole check) before testing
test-totals = { $passed } passed, { $failed } failed
test-line-ok = test { $test } ({ $file }) ... ok
test-line-failed = test { $test } ({ $file }) ... FAILED ({ $count })
not-utf8 = { $path } is not valid UTF-8
test-unknown-key = unknown key `{ $key }`
test-file-one-key = a test file has one key: `tests`
test-period = a period is daily, weekly, monthly, quarterly or yearly
test-by = `by` is a list of columns
test-rows = `rows` is a list of mappings (column: value), or a mapping from each source's name to such a list
test-unknown-source = the spec has no source `{ $source }` (its sources: { $sources })
test-row = a row is a mapping (column: value)
test-expect-period = an expectation names its `period`
test-unknown-test-key = unknown key `{ $key }` in test `{ $test }`
test-no-rows = test `{ $test }` has no `rows`
test-list-of-mappings = a list of mappings
defined-here = defined here
test-cannot-write = cannot write the test's rows: { $error }
test-cannot-evaluate = cannot evaluate: { $error }
test-expected-diagnostic = expected a `{ $code }` diagnostic, and there is none
test-expected-diagnostic-in = expected a `{ $code }` diagnostic in { $period }, and there is none
test-unexpected = unexpected `{ $code }`: { $message }
test-misnamed = the rows are data rows: they need the column { $columns }, not the input's name
test-no-row = no row for { $period }
test-no-row-dims = no row for { $period } { $dims }
test-unknown-name = `{ $name }` is not an input or metric of the spec
test-expected-none = `{ $name }` in { $at }: expected no value, got { $got }
test-not-a-value = `{ $text }` is not a number, a percentage or an amount
test-no-value = no value
test-value = { $shown } ({ $exact })
test-expected = `{ $name }` in { $at }: expected { $want }, got { $got }{ $def }
test-target-fields = a target expectation names `objective`, `period` and `status`
test-no-target = no target of `{ $objective }` in { $period } matches
test-target-status = target `{ $target }` of `{ $objective }` in { $period }: expected { $want }, got { $got }

## The report (HTML and Markdown)

report-title = KPI review
report-title-as-of = KPI review — { $day }
report-summary = { $objectives ->
        [one] { $objectives } objective
       *[other] { $objectives } objectives
    } · { $met } of { $judged } targets met in their latest complete period
report-objectives = Objectives
report-met-count = { $met } of { $total } met
report-warnings = Warnings
report-note-md = { $code }: { $message }
report-error = error
report-warning = warning
report-meta-owner = Owner
report-meta-review = Review
report-meta-start = Start
report-meta-deadline = Deadline
report-cadence = { $cadence }
report-not-evaluated = Not evaluated: the objective has no review period.
report-ended = The deadline ({ $day }) has passed: these are its final results.
report-ended-unreviewed = The deadline ({ $day }) has passed without a final review: no value for { $period } in its last period.
report-targets-met = { $met } of { $total } targets met
report-in-latest = {" "}in { $period }, the latest complete period
report-none-ended-yet = {" "}— no period has ended yet
report-status = { $status ->
        [met] met
        [missed] missed
        [in-progress] in progress
       *[no-data] no data
    }
report-target-goal = target { $goal }
report-gap = Gap to target: { $gap }
report-card-none-ended = No period has ended yet
report-vs-previous = vs previous period
report-vs-year = vs a year before
report-current-card = { $value } so far; judged when the period ends
report-current-card-pace = { $value } so far, on pace for { $pace } (a projection); judged when the period ends
report-point-pace = { $period } { $value } so far (pace { $pace })
report-point-so-far = { $period } { $value } so far
report-trend-label = { $metric } over { $count ->
        [one] { $count } period
       *[other] { $count } periods
    }: { $points }; target { $goal }
report-with = {" "}with { $operands }
report-action = Action:
report-when-missed = When missed:
report-better = better
report-worse = worse
report-no-change = no change
report-about = About this report
report-freshness = Data freshness
report-source = Source
report-latest-day = Latest day
report-data = data
report-no-row = no row
report-spec = Spec: { $files }.
report-spec-at = Spec: { $files } at { $revision }.
report-spec-at-html = Spec: { $files } at revision <code>{ $revision }</code>.
report-computed-by = Computed with exact decimals by Boussole { $version }.
report-computed-by-as-of = Computed with exact decimals by Boussole { $version }, reviewed as of { $day }.
report-score-md = **{ $met } of { $judged } targets met** in their latest complete period, over { $objectives } objective(s).
report-owner = Owner: { $owner }
report-review = Review: { $cadence }
report-deadline = Deadline: { $day }
report-objective-score-md = **{ $met } of { $total } targets met** in { $period }
report-no-period-ended-yet = no period has ended yet
report-no-period-ended = no period ended
report-table-head = | KPI | Period | Value | Target | Status | Gap | vs previous | vs a year before | Trend | Action when missed |
report-current = { $metric } in { $period } (in progress): { $value } so far
report-current-pace = { $metric } in { $period } (in progress): { $value } so far, on pace for { $pace }
report-computed = { $metric } in { $period }: { $value }
report-how-computed = How these values are computed
report-up-to = up to { $day }
report-data-line = Data: { $parts }.


## inspect

inspect-key = { $key ->
        [sheet] sheet
        [format] format
        [encoding] encoding
        [delimiter] delimiter
        [numbers] numbers
        [header] header
        [rows] rows
        [date] date
        [numeric] numeric
       *[text] text
    }
inspect-workbook = { $sheet } (a workbook)
inspect-json-lines = JSON lines
inspect-numbers = decimal { $decimal }, thousands { $thousands }
inspect-header = line { $line }{ $skip ->
        [0] {""}
       *[other] {" "}(skip: { $skip })
    }
inspect-rows = { $rows } looked at
inspect-date = { $column } ({ $format }), e.g. { $examples }
inspect-no-date = none found
inspect-dimension = dimension
inspect-note = note: { $note }
inspect-snippet = # a spec for it, which `boussole check` accepts as it is:
inspect-empty-column = column `{ $column }` has no value in the rows looked at
inspect-ambiguous-date = `{ $column }`: every date sampled reads both as { $format } and as { $other }; { $format } is proposed, check with a day after the 12th
inspect-no-json-object = { $path }: no line of the file is a JSON object
inspect-sheet-unreadable = { $path }: sheet `{ $sheet }`: { $error }
inspect-empty-workbook = { $path }: the workbook holds no data

## The language server

lsp-objective = **objective `{ $name }`**
lsp-owner = owner: { $owner }
lsp-review = review: { $cadence }
lsp-deadline = deadline: { $deadline }
lsp-when-missed = {" "}— when missed: { $action }
lsp-not-a-name = `{ $name }` is not a name: letters, digits and `_`, not starting with a digit, not a function
lsp-name-taken = `{ $name }` is already defined: renaming `{ $old }` to it would merge two names
lsp-replace-with = Replace with `{ $name }`
lsp-add-action = Add an `action:` (what is done when the target is missed)
## explain

explain-kind = { $kind }
explain-defined-at = defined at { $at }
explain-unit = unit: { $unit }
explain-better = better: { $better }
explain-vanity = vanity
explain-depends-on = depends on:
explain-used-by-metrics = used by metrics: { $metrics }
explain-used-by-objectives = used by objectives:
explain-kpi = KPI { $kpis }
explain-target = target `{ $target }`
explain-unused = not used by any metric or objective
explain-input-def = input, { $definition }, { $unit }
explain-as-written = { $text }
explain-item = { $name }: { $text }
input-def = { $aggregate } of { $what }{ $where_kind ->
        [yes] {" "}where `{ $filter }`
       *[no] {""}
    }{ $having_kind ->
        [yes] {" "}having `{ $having }`
       *[no] {""}
    }
input-def-expr = `{ $expr }`
input-def-rows = rows
input-def-column = column `{ $column }`

## diff

diff-title = KPI changes: `{ $old }` → `{ $new }`
diff-no-change = No change to metrics, inputs or targets.
diff-table-head = | change | what | objectives affected |
diff-kind = { $kind ->
        [added] added
        [removed] removed
        [renamed] renamed
        [redefined] redefined
        [unit-changed] unit changed
        [target-added] target added
        [target-removed] target removed
        [target-tightened] target tightened
        [target-loosened] target loosened
        [target-changed] target changed
        [action-changed] action changed
        [objective-added] objective added
        [objective-removed] objective removed
       *[other] { $kind }
    }
diff-none = none
diff-item = `{ $name }`: { $what }
diff-was = `{ $name }` (was `{ $definition }`)
diff-in = `{ $target }` in `{ $objective }`
diff-moved = `{ $old }` → `{ $new }` in `{ $objective }`
diff-action-changed = `{ $target }` in `{ $objective }`: { $old } → { $new }
diff-effects = Effect on the last periods
diff-effects-head = | metric | period | old | new |
diff-version-errors = warning: { $version } has { $errors } error(s) (boussole check); compared as far as it loads
what-a-label = a label
unknown-language = `{ $lang }` is not a language Boussole speaks
languages = languages: { $langs }

## init

init-exists = { $path } already exists; init never overwrites files
init-created = created { $path }
init-next = next:
    {"  "}boussole check { $dir }
    {"  "}boussole test { $dir }
    {"  "}boussole eval { $dir } --data { $data }
    {"  "}boussole fmt { $dir }      (after editing a spec)

## fmt

fmt-formatted = formatted { $path }
fmt-check-summary = { $changed } file(s) not formatted (run `boussole fmt` to rewrite them), { $unchanged } formatted

## The command line

cli-error = error: { $message }
cli-bug =
    this is a bug in boussole, not in your files: { $message }
    (please report it with the command and files that led here)
io-error = { $path }: { $error }
load-too-many-entries = more than { $max } files and directories under the paths given: name the directories that hold the specs
cli-cannot-run = cannot run { $program }: { $error }
cli-git-no-output = git archive gave no output
cli-not-a-revision-here = `{ $rev }` is not a revision of this repository: { $error }
cli-cannot-write = cannot write { $path }
cli-cannot-write-report = cannot write the report
cli-cannot-read-back = cannot read back the rows written to disk
cli-cannot-make-temp = cannot make a temporary directory
cli-not-a-day = `{ $text }` is not a day: write it YYYY-MM-DD, e.g. 2026-03-31
cli-unknown-period = unknown period `{ $text }` ({ $periods })
cli-unknown-dialect = unknown dialect `{ $text }` ({ $dialects })
cli-not-a-size = `{ $text }` is not a size: write e.g. 256MiB, 2GiB, 1.5GB or none

## clap's errors in another language (English keeps clap's own words, which these mirror)

clap-value-required = a value is required for '{ $arg }' but none was supplied
clap-invalid-value = invalid value '{ $value }' for '{ $arg }'
clap-possible-values = [possible values: { $values }]
clap-value-validation = invalid value '{ $value }' for '{ $arg }': { $why }
clap-unknown-argument = unexpected argument '{ $arg }' found
clap-unknown-command = unrecognized subcommand '{ $name }'
clap-no-equals = equal sign is needed when assigning values to '{ $arg }'
clap-too-many-values = unexpected value '{ $value }' for '{ $arg }' found; no more were expected
clap-missing-arguments = the following required arguments were not provided: { $args }
clap-missing-command = '{ $command }' requires a subcommand but one was not provided
clap-argument-twice = the argument '{ $arg }' cannot be used multiple times
clap-argument-conflict = the argument '{ $arg }' cannot be used with '{ $other }'
clap-invalid-utf8 = invalid UTF-8 was detected in one or more arguments
clap-similar = tip: a similar { $what ->
        [command] subcommand
        [value] value
       *[argument] argument
    } exists: '{ $name }'
clap-usage = Usage: { $usage }
clap-try-help = For more information, try '--help'.

## sql

sql-bad-name = { $what } `{ $name }` { $why ->
        [empty] is empty
        [control] contains a control character
        [backtick] contains a backtick or a backslash, which BigQuery names cannot hold
       *[long] is longer than { $max } bytes, the most { $dialect } keeps
    }
sql-bad-name-help = rename it, or keep it out of the { $dialect } query
sql-what-table-part = table name part
sql-what-by = --by column
sql-what-date = the date column
sql-what-output = output column
sql-what-objective = objective
sql-what-dimension = the column of dimension `{ $dim }`
sql-what-input = the column of input `{ $input }`
sql-two-columns = two output columns would be named `{ $name }`
sql-two-columns-help = a --by column cannot share its name with an input, a metric or `period`
sql-no-table = no table: give it with --table TABLE
sql-source-no-table = source `{ $source }` has no table
sql-source-no-table-help = give it `table:` in the source, or --table { $source }=TABLE
sql-date-specifier = source `{ $source }`: the date format specifier `{ $specifier }` has no { $dialect } equivalent that boussole writes
sql-date-specifier-help = in SQL, date formats may use %Y %y %m %d %e %H %I %M %S %p %b %h %B %F %T %R %D and %%
engine-error = { $engine }: { $error }
engine-error-help = the query ran inside { $engine }: `boussole sql --dialect { $engine }` prints it, to run it by hand
engine-says = { $text }
engine-bad-value = the engine returned the { $what } `{ $value }`, which boussole cannot read
engine-no-database = no database file `{ $path }`
engine-cannot-start = cannot start `{ $program }` ({ $error }): install the DuckDB CLI (pip install duckdb-cli) or name it with BOUSSOLE_DUCKDB
engine-bad-connection = the connection string is not valid: give a URL (postgresql://USER@HOST:PORT/DATABASE) or key=value pairs (host=… user=… dbname=…)
cli-engine-needs-database = --engine duckdb needs --database FILE
cli-engine-needs-connection = --engine postgres needs --connection URL (or DATABASE_URL in the environment)
cli-engine-with-data = --engine reads the data inside the engine: --data, --delimiter, --decimal-comma and --on-bad-row do not apply
cli-engine-flag-without-engine = --database, --connection and --table need --engine
cli-engine-other-flag = --{ $flag } belongs to --engine { $engine }: remove it or choose that engine

## Periods, files, fmt

too-many-periods = objective `{ $objective }` spans { $count } { $cadence } periods from { $first } to { $last }; only the last { $kept } (from { $from }) are evaluated
too-many-periods-help = give the objective a `start`, or check the data for a mistyped date
spec-not-utf8 = spec file is not valid UTF-8
invalid-byte = invalid byte
fmt-unsupported = boussole fmt does not rewrite files with { $what ->
        [aliases] aliases (`*name`)
        [anchors] anchors (`&name`)
        [tags] tags (`!name`)
       *[directives] directives (`%YAML`, `%TAG`)
    }
fmt-unsupported-help = write the values out in full, or leave this file out of `boussole fmt`
fmt-failed = boussole fmt could not lay this file out without changing it ({ $why }); it is left as it is
fmt-failed-help = this is a bug in boussole: please report it with the file
cli-decimal-comma-delimiter = --decimal-comma needs another field delimiter, e.g. --delimiter ';'
cli-reading-flags-with-sources = --delimiter and --decimal-comma read the --data file of a spec without `sources:`; this spec declares sources: say `delimiter:` or `decimal: comma` in the source
cli-data-needed = --data FILE is needed: the spec declares no `sources:`
cli-one-data = one --data FILE: the spec declares no `sources:` to bind NAME=FILE to
cli-fmt-test-file = { $path }: a spec test file; boussole fmt formats spec files (*.kpi.yaml)
cli-no-spec-file = no *.kpi.yaml file found in { $paths }
cli-stdin-too-large = <stdin>: spec files are limited to { $max } bytes
cli-no-test-file = no *.kpi-test.yaml file found
cli-explain-what = a NAME or --code CODE
cli-no-code = no diagnostic code `{ $name }`; the codes: { $codes }
cli-no-code-near = no diagnostic code `{ $name }` (did you mean `{ $near }`?); the codes: { $codes }
cli-not-a-revision = `{ $rev }` is not a revision
