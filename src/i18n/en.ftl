# mokuhyo's messages in English: the command line and the log.
# Each id is also in ja.ftl, with the same variables (checked by the tests).

help-values = {" "}(values: { $values })
help-default = {" "}(default: { $default })
help-values-default = {" "}(values: { $values }; default: { $default })
help-list-separator = {", "}
help-usage = Usage:
help-commands = Commands:
help-arguments = Arguments:
help-options = Options:

## Help of the commands and their arguments (clap).
about-mokuhyo = mokuhyo (目標): watches the shared folder of the departments' goal workbooks, consolidates them and reminds departments of the reports still missing
about-help = Print this message or the help of the given subcommand(s)
about-deadline = Resolve the deadlines stated in a piece of text
about-check = Read workbooks and show what mokuhyo understands of them
about-run = Run the daemon: watch the folder, keep the consolidated workbooks fresh, send reminders
about-stop = Stop the running daemon (it finishes the write in progress first) and wait until it has ended
about-remind = Send the reminder mails due today (or show them with --dry-run)
about-status = Show the daemon's state, the files' errors and what was sent or failed (--json for monitoring, --check for a health check)
about-history = Show what changed in the workbooks (report cells filled, deadlines moved …), newest first
about-consolidate = Read the whole folder once and write the consolidated workbooks
about-template = Write the departments' workbooks for a fiscal year
about-config = Inspect the configuration
about-config-check = Load, validate and print the effective configuration
about-roster = The recipient roster: write one from the configuration, or check it
about-roster-init = Write a roster from the [[departments]] and [[divisions]] sections (.xlsx or .csv)
about-roster-check = Read the roster and print who receives the mail on a day, and the next switch
about-mail = Check the mail setup
about-mail-test = Send one test mail with the configured transport, reporting each step

arg-help = Print help
arg-version = Print version
arg-config = Configuration file (default: $MOKUHYO_CONFIG, else the built-in config/mokuhyo.toml)
arg-log_format = Log format on standard error (human: one line per event, for people; json: one JSON object per line, for machines)
arg-verbose = More log output (-v: debug, -vv: trace)
arg-deadline-text = The text, as written in a 期間・期限 cell
arg-deadline-fiscal_year = The fiscal year the text belongs to (start year: 2026 = 令和8年度)
arg-check-paths = Workbooks or folders to read (default: the configured folder)
arg-check-json = Print the parsed model as JSON (schema: docs/schema.md)
arg-check-propose = Print, as TOML to add to the configuration, the `[[parse.layouts]]` mapping of every table's columns (what each column was read as, or would be read as), with the confidence and runner-ups as comments
arg-stop-wait = Seconds to wait for the daemon to end (it finishes the write in progress first)
arg-remind-dry_run = Print the mails that would go out, without sending or recording anything
arg-remind-today = Plan for this day (as at its end, so every mail of the day is due) instead of now
arg-remind-accept_clock = Send even though the clock (or --today) reads a time more than 400 days after, or 30 days before, the last mail sent (held otherwise)
arg-status-json = Print the status as JSON (layout: docs/status.md)
arg-status-check = Print one line and exit 0 when healthy, 1 otherwise (for monitoring); the line starts with OK: or PROBLEM:
arg-history-since = Only changes seen on or after this day (in Japan)
arg-history-department = Only changes of this department
arg-history-json = Print the entries as JSON
arg-consolidate-today = The day the statuses (期限超過, 14日以内 …) are computed for (default: today in Japan)
arg-template-department = The department (部局) whose workbook to write
arg-template-all = One workbook per department found in --from
arg-template-fiscal_year = The fiscal year (start year: 2027 = 令和9年度)
arg-template-from = Last year's workbook, a folder of them, or a consolidated JSON (全庁目標一覧_令和8年度.json) to carry goals and items over from
arg-template-layout = `ueda`, `ogori`, or the path of a layout spec (TOML)
arg-template-grades = Grade scales (default: the built-in config/grades.toml)
arg-template-output = The file to write (one department only)
arg-template-out_dir = The folder to write into (default: the current folder)
arg-template-goals = Goals of a blank workbook (default: the layout's, 3)
arg-template-items = Items per goal of a blank workbook (default: the layout's, 4)
arg-template-force = Replace existing files
arg-roster-init-file = The file to write (default: the configured [roster] path)
arg-roster-init-force = Replace the file when it exists
arg-roster-check-on = The day to show (default: today in Japan)
arg-mail-test-to = Recipient of the test mail (repeat for several)

## The configuration and `config check`.
config-problems = { $count ->
    [one] 1 problem in the configuration ({ $origin }):
   *[other] { $count } problems in the configuration ({ $origin }):
}
config-file-empty = the configuration file is empty (being written?)
config-file-unreadable = cannot read the configuration file: { $error }
config-unknown-key = unknown key
config-whole-file = (file)
config-toml-syntax = line { $line }, column { $column }: { $what } (the line: { $written })
config-toml-backslash = a backslash in double quotes starts an escape; put a value holding \ (a Windows path) in single quotes
config-toml-duplicate = the same key or table is written twice
config-toml-unclosed = a table header or array is not closed with ]
config-toml-string = a string is not closed
config-toml-value = a value is not written as TOML wants it
config-toml-other = { $reason }
config-kind-string = string { $value }
config-kind-integer = integer { $value }
config-kind-unsigned = a non-negative integer
config-kind-float = floating point { $value }
config-kind-boolean = boolean { $value }
config-kind-sequence = sequence
config-kind-map = map
config-not-month-day = not a month/day (MM/DD): { $text }
config-invalid-type = wrong type: { $found }, expected { $expected }
config-unknown-variant = unknown value { $found }, expected { $expected }
config-invalid-value = invalid value: { $found }, expected { $expected }
config-at-least = must be at least { $min }
config-debounce-too-long = must be at most 600000 (10 minutes)
config-mail-address = must be a mail address, with a display name if wanted: "企画課 <kikakuka@city.example.jp>"
config-folder-empty = must name the shared folder
config-not-a-fiscal-year = not a fiscal year
config-outside-fiscal-year = outside fiscal year { $year }
config-not-near-fiscal-year = not near fiscal year { $year }
config-unknown-time-zone = unknown time zone (an IANA name such as "Asia/Tokyo")
config-warn-smtputf8 = { $key } = { $address }: the part before @ is not ASCII, which only a server that takes SMTPUTF8 delivers (`mokuhyo mail test --to` the address tells whether yours does); a domain in Japanese needs nothing of the server
config-warn-plain-password = mail.smtp.security = "none" with mail.smtp.username = { $user }: the password travels unencrypted; use "starttls" or "tls"
config-warn-dictionary-clash = dictionary: the word { $word } names { $fields } with the same weight; a label with it is read as the first. Give the word one field, or weights ({"{"} word = "…", weight = 0.6 {"}"}), in the [dictionary] extend file
config-warn-state-in-output = state.database = { $path } lies inside output.dir: deleting the output folder would lose the record of the mail sent (move it, with mokuhyo stopped, to a folder of its own)
config-effective = effective configuration, from { $origin }
config-overridden = overridden by the environment: { $variable }
config-warning = warning: { $warning }
config-problem = problem: { $problem }
config-schedules = schedules ({ $zone }; mail goes out on business days only):
config-schedule-never = never
config-schedule-next = next { $firings }
schedule-reminders = reminder, overdue and unreadable-file mails
schedule-digest = planning digest
schedule-monthly-digest = monthly deadline digests
schedule-rescan = full rescan of the folder
check-folder-missing = the folder does not exist (check that the share is mounted or connected)
check-folder-unknown = the folder cannot be checked ({ $error })
check-folder-unlistable = the folder's contents cannot be listed ({ $error })
check-folder-unreadable = the files cannot be read ({ $error })
check-state-unwritable = the state file cannot be written ({ $error })
check-not-a-folder = { $path } is a file, not a folder
check-folder-unwritable = { $path } cannot be written ({ $error })
check-unaddressed-nowhere = go nowhere
check-unaddressed-planning = go to { $planning }
check-unaddressed = { $name } has no mail address ({ $items } item(s), { $files } file(s)); its mails { $to }
check-config-unreadable = the configuration cannot be read ({ $origin }): { $problem }
config-bare-mail-address = must be a mail address alone, without a display name: "kikakuka@city.example.jp"
config-warn-daylight-saving = reminders.timezone = { $zone } has daylight saving. The daemon's schedules keep the UTC offset of its start: from { $on }, when the offset becomes { $offset }, its mail and rescans run an hour off until it is restarted. Restart mokuhyo when the offset changes

## `status` and its health check (`status --check` prints OK: or PROBLEM: before these).
and-more = { " " }(and { $count } more)
span-seconds = { $s } s
span-minutes = { $m } min
span-hours = { $h } h { $m } min
span-days = { $d } d { $h } h
health-outage = { $what } (since { $since })
health-daemon-stopped = daemon not running (last started { $started }, pid { $pid })
health-daemon-never-ran = daemon not running (none has run with the state file { $path })
health-file-unreadable = file unreadable for { $duration }: { $file }: { $problem }
health-mail-failed = mail failed permanently: { $key } ({ $recipients }): { $error }
health-mail-undelivered = mail not delivered for { $duration }: { $key } ({ $recipients }): { $error }
health-recipient-refused = recipient refused: { $key }: { $refused }
health-scan-late = last scan { $ago } ago ({ $at }), more than twice the rescan interval of { $interval }
summary = daemon running (pid { $pid }), { $scan }, { $files } file(s), { $mails } mail(s) sent
summary-no-scan = no scan yet
summary-last-scan = last scan { $ago } ago
status-daemon-running = daemon: running (pid { $pid }, started { $started })
status-daemon-stopped = daemon: not running (last started { $started }, pid { $pid })
status-daemon-never = daemon: not running
status-state-problem = state file: { $problem }
status-no-state = no state yet: { $path } does not exist (the daemon has not run here)
status-state = state ({ $path })
status-files-kept = last good data kept for { $count } file(s)
status-held = 保留（読取の確認待ち）: the department mails of { $count } table(s) read with low confidence are held (listed by `mokuhyo remind --dry-run`; released by the [[parse.layouts]] block `check --propose` prints or by [parse] trust)
status-file-errors = file errors:
status-file-error = since { $since }: { $problem }
status-mail = mail: { $sent } sent, { $retrying } failed (will retry), { $failed } failed permanently, { $attempting } in progress, { $refused } refused recipient(s)
status-not-sent = not sent:
status-attempts = { $outcome }, { $attempts } attempt(s), last { $last }
status-refused = refused recipients (the others got the mail):
status-recent = recently sent:
status-health-ok = health: ok
status-health-problems = health: { $count } problem(s)

## stop, consolidate, mail test.
stop-ended = mokuhyo stopped (state file { $path })
stop-not-running = no mokuhyo daemon is running with the state file { $path }
consolidate-daemon-running = the mokuhyo daemon (pid { $pid }) is running with the state file { $path } and keeps the consolidated workbooks up to date: nothing done (stop it to run consolidate)
progress-reading = reading
consolidate-nothing-found = no goal workbook found: nothing written
output-written = wrote { $path }
output-written-beside = wrote { $path } (could not replace { $target }: { $reason })
output-failed = FAILED { $target }: { $error }
stopped-after-write = { $signal }: stopped after the write
mail-test-failed-before = FAILED before connecting: { $error }
mail-test-start = mail test: { $route }, from { $from }, to { $to }
mail-test-failed-building = FAILED building the test mail: { $error }
mail-test-step-ok = ok
mail-test-step-failed = FAILED
mail-test-sent = test mail sent to { $to }
mail-test-refused = FAILED at { $step }: { $count } recipient(s) refused (the others got the test mail)
mail-test-presented = the server presented: { $certificate }
mail-test-certificate-unreadable = the server's certificate could not be read: { $error }
mail-test-failed-at = FAILED at { $step }: { $error }

## Log lines (the fields after the message keep their names).
log-signals-unhandled = signals are not handled: { $error }
log-scanning = scanning the shared folder
log-folder-read = folder read
log-last-good-not-recorded = last good data not recorded: { $error }
log-waiting-for-state-file = waiting for { $holder }, which is using the state file { $path }
log-stop-unreachable = mokuhyo stop cannot reach this daemon: { $error }
log-last-good-not-kept = last good data is not kept across restarts: { $error }
log-starting = mokuhyo starting
log-configuration-warning = configuration: { $warning }
log-stopped = mokuhyo stopped
announce-outbox = mail (outbox): { $path }/
announce-smtp = mail: SMTP via { $host }
announce = mokuhyo is watching { $folder } ({ $watcher } watcher).
    {"  "}consolidated workbooks: { $output }/
    {"  "}{ $mail }
    {"  "}state and sent mail: { $state } (mokuhyo status)
    {"  "}Ctrl-C (or mokuhyo stop) to stop.
log-watcher = watcher: { $message }
log-shutting-down = shutting down
log-folder-scanned = folder scanned
log-not-readable-yet = not readable yet ({ $message }); retrying
log-state-recorded-again = the daemon's state is recorded again
log-state-not-recorded = the daemon's state is not recorded for `mokuhyo status`: { $error }
log-state-migrated = the state file was brought from layout version { $from } to { $to }
log-no-mail-sent = no mail sent: { $error }
log-ledger-unopenable = cannot open the ledger: { $error }
log-mail-sent = mail sent
log-mail-not-sent = mail not sent: { $error }
log-reminders-error = reminders: { $error }
log-folder-replaced = the folder { $folder } was replaced by another of the same name: watching the new one
log-outage-notice-sent = the planning section was mailed about the shared folder's outage
log-outage-notice-not-sent = the notice of the shared folder's outage could not be sent (it will be retried): { $error }
log-outage-notice-error = folder outage notice: { $error }
log-watching = watching { $folder }
log-cannot-watch = cannot watch { $folder }: { $error }; relying on the periodic rescan
log-reload-refused = the new configuration is not used: { $error }
log-state-database-changed = state.database changed to { $path }: it takes effect when the daemon is restarted
log-reloaded = configuration reloaded
log-last-good-not-used = last good data not used: { $error }
log-last-good-loaded = last good data loaded
log-last-good-not-loaded = last good data not loaded: { $error }
log-history-not-loaded = history not loaded for 変更履歴: { $error }
log-outputs-rewritten = consolidated files missing or not as written; writing them again
log-workbook-read = workbook read
log-file-name-not-utf8 = the file name is not in UTF-8 (Shift_JIS from an old share or a zip?): read by its raw name, shown with �; its last good data and history are not kept until it is renamed
log-workbook-not-read = workbook not read: { $errors }
log-workbook-gone = workbook gone
log-mail-superseded = mail not sent: a later mail of its series was sent already (has the clock gone back?)
log-mail-taken = mail left to the run that sent it or is sending it
log-recipient-refused = recipient refused, the others got the mail: { $refused }
log-mail-attempt-failed = mail not sent
log-mail-unrecordable = mail not sent: the state file cannot record it: { $error }
log-mail-recorded-late = mail recorded as sent after { $seconds } s
log-mail-not-yet-recorded = mail delivered but not yet recorded as sent (retrying until it is; stopping mokuhyo now would send it again): { $error }
log-last-good-ignored = stored last good data ignored: { $reason }
log-last-good-not-utf8 = not a UTF-8 path: last good data not stored
log-last-good-not-stored = last good data not stored: { $error }
log-last-good-not-recorded-at-exit = last good data not recorded at exit
log-last-good-recorded-again = last good data recorded again
log-last-good-not-recorded-retry = last good data not recorded (retried with the next change): { $error }
log-ledger-read-failed = ledger read failed
log-history-read-failed = history read failed
log-schedules-not-started = cannot start the schedules: { $error }; mail goes out at start and at rescans only
log-cannot-schedule = cannot schedule { $what }: { $error }
log-schedules-failed = cannot start the schedules: { $error }
log-scheduled = scheduled: { $what }
log-schedules-stop-failed = stopping the schedules: { $error }
log-roster = recipient roster: { $roster }
log-roster-unwatched = cannot watch { $path }: { $error }
log-holder-unrecorded = cannot record who uses the state file: { $error }
log-marker-unrecorded = cannot record the ledger in use: { $error }
log-state-file-created = new state file created
log-output-written = consolidated file written
log-output-beside = cannot replace the consolidated file; wrote a timestamped copy beside it
log-output-failed = consolidated file not written
write-error-io = { $path }: { $error }
write-error-xlsx = { $path }: cannot write the workbook: { $error }
write-error-layout = { $path }: cannot write the workbook, whose long sheets go through the temporary folder { $temp } (free space there, or set TMPDIR — TMP on Windows — to a folder with room): { $error }
write-error-json = { $path }: cannot write JSON: { $error }
write-error-persist = { $target }: cannot replace it ({ $reason }) nor write { $fallback }: { $error }
io-not-found = not found
io-permission-denied = permission denied
io-already-exists = already exists
io-not-a-directory = not a directory
io-is-a-directory = is a directory
io-directory-not-empty = directory not empty
io-storage-full = no space left on device
io-quota-exceeded = disk quota exceeded
io-read-only = read-only file system
io-busy = resource busy
io-too-large = file too large
io-timed-out = timed out
io-error-code = { $what } (os error { $code })
write-error-side-thread = the writer stopped unexpectedly
outage-output-not-written = consolidated file not written: { $error }
outage-mail-held = mail held: { $why }
outage-configuration-not-reloaded = configuration not reloaded, the previous one runs: { $error }
outage-folder-unlisted = folder { $path }: { $error }; its workbooks keep their last good data
scan-folder-unlisted = cannot list the folder: { $error }
scan-link-loop = a link back to { $path }, which contains it (a loop); not followed
mail-clock-implausible = the clock reads { $now }, but the last mail went out at { $last }: nothing is sent until the clock is right again (if it is right, `mokuhyo remind --accept-clock`, with the daemon stopped, sends what is due)
mail-none-sent = no mail sent: { $error }
mail-not-attempted = not attempted: { $reason }
mail-not-attempted-stopped = not attempted: the run stopped after { $reason }
mail-attachment-unread = { $key }: { $error } (sent without it)
log-shutdown-forced = still busy { $seconds } s after { $signal } (a read or write that does not end): stopping now
log-logoff = a user logged off; mokuhyo goes on
log-roster-not-kept = the last good roster is not kept: { $error }
log-temporary-removed = removed a temporary file left by a stopped write
log-temporary-not-removed = cannot remove a temporary file left by a stopped write: { $error }
log-stop-requests-unheard = stop requests are no longer heard: { $error }
log-history-not-utf8 = not a UTF-8 path: history not stored
log-pipeline-panicked = internal error, processing stopped: { $message }; mokuhyo exits (exit code { $code }; run as a service, it is started again)
log-pipeline-stopped = processing cannot go on after an internal error; mokuhyo exits (exit code { $code })

## roster, remind, history, deadline, template, check.
roster-none = none (the [[departments]] and [[divisions]] sections)
roster-in-force = { $path } ({ $rows } rows)
roster-last-good-in-force = the last good roster (read { $at }, { $rows } rows) stays in force
roster-none-in-force = no roster is in force: the TOML sections alone
roster-problems = { $path }: { $count } problem(s): { $problems }; { $in_force }
roster-init-no-file = name the file to write, or set [roster] path in the configuration
roster-init-exists = { $path }: the file exists; --force replaces it
roster-init-written = { $path }: { $rows } row(s) written from the configuration. Set [roster] path to it, add 有効開始日 / 有効終了日 for the next reorganisation, and run `mokuhyo roster check`.
roster-check-problem = problem: { $problem }
roster-check-inside-folder = note: the roster lies inside the goal folder; add its name to folder.exclude so that it is not read as a goal workbook
roster-check-recipients = recipients on { $day }:
roster-check-next-switch = next switch: { $day }
roster-check-no-changes = (no recipient changes)
roster-check-no-switch = no switch after { $day }
history-none = no changes recorded
history-no-state = no history yet: { $path } does not exist (no workbook has been read here)
deadline-none = no deadline found
deadline-before-year = note: { $date } lies before fiscal year { $fy } ({ $nendo })
deadline-after-year = note: { $date } lies after fiscal year { $fy } ({ $nendo })
remind-daemon-running = the mokuhyo daemon (pid { $pid }) is running with the state file { $path } and sends the mail due itself: nothing sent (`mokuhyo remind --dry-run` shows what is due)
remind-held = HELD: { $why }
remind-taken = left to the run that sent it: { $key }
remind-later-today = later today ({ $time }, by its schedule): { $key }
remind-sent = sent { $key }
remind-refused = REFUSED recipient of { $key }: { $refused }
remind-superseded = not sent { $key }: { $sent } was sent already
remind-retry = failed (will retry) { $key }: { $error }
remind-failed = FAILED { $key }: { $error }
remind-error = error: { $error }
remind-summary = { $sent } sent, { $planned } planned
remind-unaddressed = 宛先なし (no recipient on { $day }): { $line }
remind-dry-run-count = { $count } mail(s) would be sent for { $day }
remind-held-reading = 保留（読取の確認待ち） (held until the reading is checked): { $mail } to { $recipient }: { $file } { $table } ({ $cells })
remind-held-reading-hint = held cells go out with the next send once the layout is pinned with the [[parse.layouts]] block `mokuhyo check --propose` prints or the file is named in [parse] trust
template-all-needs-from = --all needs --from
template-no-sheet = { $path }: no department's goal sheet found
template-no-department-sheet = { $path }: no sheet of { $department } for { $year } or earlier
template-exists = { $path }: exists; use --force to replace it
template-written-beside = {" "}(could not replace { $path }: { $reason })
template-written = { $goals } goal(s)	{ $items } item(s)	layout { $layout }
check-excluded = excluded by { $pattern }
check-ignored = { $path }: ignored ({ $why })
check-summary = { $files } workbook(s): { $ok } read, { $skipped } not goal sheets, { $errors } with errors
check-kind-error = error
check-kind-skipped = skipped
check-kind-warning = warning
check-stale = (the data below is the last good read)
check-sheet = { $goals } goal(s), { $items } item(s), structure { $layout }
check-read-from = fiscal year from { $year }; department from { $department }
check-cells = cells: { $items } in items, { $goals } in goals, { $labels } labels, { $unused } not used ({ $unused_in_items } inside item tables)
check-not-used = not used:

## The state file.
state-missing = the state file { $path } is missing, but the ledger { $expected } was kept there (recorded in { $marker }): no mail is sent, because every mail already sent would go again. Restore the file from a backup, or, to start a new ledger knowingly, delete { $marker }
state-empty = the state file { $path } is empty (0 bytes): it is not taken for a new ledger. Restore it from a backup, or delete it (and { $marker }) to start a new ledger knowingly
state-foreign = the state file { $path } holds { $found }, not the ledger { $expected } recorded in { $marker }: no mail is sent from it. Restore the right file, or delete { $marker } to use this one knowingly
state-legacy = an earlier release's state file { $legacy } exists, and { $path } does not: move it there (with mokuhyo stopped), or set state.database to it; a new ledger would send every mail again
state-daemon-running = another mokuhyo daemon is running with the state file { $path } (pid { $pid })
state-vanished = the state file { $path } was deleted while mokuhyo ran
state-replaced = the state file { $path } was replaced by another file while mokuhyo ran
state-io = the state file { $path }: { $message }
state-cannot-read = cannot read
state-cannot-open = cannot open
state-cannot-lock = cannot lock
state-cannot-create = cannot create
state-cannot-create-folder = cannot create its folder
state-error = the state file { $path }: cannot { $operation }: { $cause }
state-newer-format = it was brought to layout version { $found } by a later version of mokuhyo, and this one knows layouts up to { $known }: it is neither read nor written. Run the later version, or restore a backup made before it ran
state-older-format = { " " }(the file is of an earlier layout, version { $found } of { $current }: the daemon, mokuhyo remind or mokuhyo consolidate brings it up to date when it next opens it)
state-closed = it is closed (mokuhyo is stopping)
state-op-open = open it
state-op-migrate = bring it to the current layout
state-op-read-sent-mail = read the ledger of sent mail
state-op-write-sent-mail = record in the ledger of sent mail
state-op-read-last-good = read the last good data of the workbooks
state-op-write-last-good = record the last good data of the workbooks
state-op-read-history = read the history of changes
state-op-read-roster = read the last good roster
state-op-write-roster = record the last good roster
state-op-read-daemon-state = read what the daemon recorded
state-op-write-daemon-state = record the daemon's state
state-op-read-identity = read the ledger's id
state-op-write-identity = record the ledger's id
state-op-probe-write = tell whether it can be written
weekday-mon = Mon
weekday-tue = Tue
weekday-wed = Wed
weekday-thu = Thu
weekday-fri = Fri
weekday-sat = Sat
weekday-sun = Sun

## Signals and stop.
signal-stopped = { $signal }: stopped
signal-finishing = { $signal }: finishing the write in progress (again to stop at once)
stop-still-running = the daemon of { $path } was asked to stop but still runs after { $seconds } s
stop-no-pid = { $path }: the running daemon's process id is not recorded
stop-signal-failed = cannot send SIGTERM to process { $pid }: { $error }
stop-pipe-unreachable = cannot reach the daemon through { $pipe }: { $error }
outcome-attempting = Attempting
outcome-sent = Sent
outcome-failed-transient = FailedTransient
outcome-failed-permanent = FailedPermanent

## Why a mail goes out (remind --dry-run), the next send, names no address reaches
dry-run-why = Why: { $reason }
dry-run-to = To: { $to }
dry-run-cc = Cc: { $cc }
dry-run-subject = Subject: { $subject }
dry-run-attachment = Attachment: { $file }
reason-milestone = { $recipient }: { $cells } empty { $milestone } { $cells ->
        [one] cell
       *[other] cells
    } ({ $nendo }, due { $due }) — { $when }
reason-before = { $days } { $days ->
        [one] day
       *[other] days
    } before the due date (the { $reminder }-day reminder)
reason-before-due = { $days } { $days ->
        [one] day
       *[other] days
    } before the due date
reason-due-today = the due date is today
reason-overdue = { $days } { $days ->
        [one] day
       *[other] days
    } overdue
reason-via = { " " }(no address of its own: sent to { $via }'s)
reason-to-planning = { " " }(no recipient on this day in the roster or [[departments]]: sent to the planning section)
reason-part-holding = { " " }— without the cells of { $tables } { $tables ->
        [one] table
       *[other] tables
    } read with low confidence, held until their reading is checked
reason-part-released = { " " }— the cells of { $tables } { $tables ->
        [one] table
       *[other] tables
    } released after this occasion's mail went without them
reason-unreadable = { $recipient }: could not read { $file }: { $problem }
reason-planning-digest = weekly digest for { $planning } ({ $departments } department rows, { $unreadable } unreadable files)
reason-deadline-digest = { $recipient }: { $items } { $items ->
        [one] item
       *[other] items
    } due by { $until } — monthly deadline digest
reason-folder-outage = shared folder { $folder } out of reach since { $since }
milestone-interim = interim report
milestone-year-end = year-end report
list-separator = , 
next-send = { $day } { $time } { $zone }: { $count } { $count ->
        [one] mail
       *[other] mails
    } ({ $kinds })
next-send-none = nothing planned within a year
mail-kind-reminder = reminder
mail-kind-overdue = overdue
mail-kind-unreadable = unreadable
mail-kind-planning-digest = planning_digest
mail-kind-deadline-digest = deadline_digest
mail-kind-folder-outage = folder_outage
unaddressed-line = { $name }: { $items } { $items ->
        [one] item
       *[other] items
    } in { $files } { $files ->
        [one] file
       *[other] files
    }
unaddressed-none = none
unaddressed-to-planning = { $lines } (their mail goes to the planning section)

## status: the facts recorded and the reports
status-fact = { $label }: { $value }
fact-started = started
fact-pid = process id
fact-folder = folder watched
fact-last-scan = last scan
fact-next-send = next send
fact-last-send-run = last send run
fact-roster = roster
fact-unaddressed = unaddressed
fact-files-tracked = files tracked
fact-files-with-errors = files with errors
status-reports = Reports as of { $day } (from the last good data in the state file, counted as the consolidated workbook's 概要 counts them):
status-no-due-date = not set
status-items = { $items } { $items ->
        [one] item
       *[other] items
    }, { $overdue } overdue (期限超過), { $awaiting } awaiting a report (報告待ち)
status-year = { $nendo }: { $items }
status-milestone = { $milestone } (due { $due }): { $counts }
status-department = { $department }: { $items }; interim report { $interim }; year-end report { $year_end }
report-status-count = { $status } { $count }
report-status-none = none asked
report-status-submitted = submitted
report-status-not-submitted = not submitted
report-status-late = late
report-status-no-cell = no cell to fill
report-status-not-in-layout = not in the layout

## config check and the daemon's start: defaults that mislead (naming the key to set)
config-warn-display-path = folder.path = { $path } is where this server finds the folder: the mails and the consolidated workbook's file columns and links show that path, which no staff PC can open. Set folder.display_path to the share as staff PCs reach it (say '\\fileserver\目標管理')
config-warn-reply-to = mail.reply_to is not set: a department's reply goes to the sender { $from }. Set mail.reply_to to the address of a person in the planning section
config-warn-contact = [mail.contact] is not set: the foot of every mail names only "{ $planning }". Set [mail.contact] section, person, extension and email
config-warn-password-unset = mail.transport = "smtp" with mail.smtp.username = { $user }, but the environment variable { $variable } that mail.smtp.password_env names is not set: sending will fail at authentication. Set { $variable }, or name mail.smtp.password_file

## Clock faults and late schedules
log-mail-clock-fault = the clock reads { $now }, but this mail is recorded as sent at { $sent }: the clock read far ahead when it was sent. Mail goes on by the clock as it reads now, and this record holds back no older mail of its series (the mail itself is not sent again)
health-mail-clock-fault = clock fault found { $found }: { $key } was sent while the clock read far ahead ({ $sent }); mail goes on by the clock as it reads now (check the system's time synchronisation)
health-mail-ahead = mail { $key } is recorded as sent at { $sent }, later than the clock reads now ({ $now }): has the clock been set back? Until then, older mails of its series are not sent
status-clock-faults = mails recorded as sent later than the clock reads now (clock faults):
status-clock-fault-found = found { $found }, ignored since
log-clock-stepped = the system clock stepped by { $seconds } s (it reads { $now } now); the schedules follow it
status-schedules = schedules (as the daemon recorded them):
status-schedule = next { $next }, last { $last }
health-schedule-late = schedule { $key } was to run at { $next } and has not run { $late } later (the daemon is stopped or held up)
health-schedule-behind = schedule { $key } waits until { $next }, but is due at { $due } (the clock went back and the scheduler did not follow)
health-scan-ahead = the last scan is dated { $at }, later than the clock reads now ({ $now }): the clock went back (the next scan sets it right)
mail-test-written = written to { $path }
origin-label = label at { $cell }
origin-title = title at { $cell }
origin-sheet-name = sheet name
origin-file-name = file name
origin-folder = folder
origin-saved = the day it was last saved ({ $date }; a guess, its mails held)
origin-config = configuration ({ $key })
origin-unknown = nowhere
transport-password-unset = [mail.smtp] password_env: environment variable { $variable } is not set
