# mokuhyo's messages in English: the command line and the log.
# Each id is also in ja.ftl, with the same variables (checked by the tests).

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
arg-log_format = Log format on standard error
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
status-file-errors = file errors:
status-file-error = since { $since }: { $problem }
status-mail = mail: { $sent } sent, { $retrying } failed (will retry), { $failed } failed permanently, { $attempting } in progress, { $refused } refused recipient(s)
status-not-sent = not sent:
status-attempts = { $outcome }, { $attempts } attempt(s), last { $last }
status-refused = refused recipients (the others got the mail):
status-recent = recently sent:
status-health-ok = health: ok
status-health-problems = health: { $count } problem(s)
