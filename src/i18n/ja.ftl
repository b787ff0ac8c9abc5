# mokuhyo のメッセージ（日本語）：コマンドの出力とログ。
# 各 id は en.ftl にも同じ変数で置く（テストで確認）。

help-usage = 使い方:
help-commands = コマンド:
help-arguments = 引数:
help-options = オプション:

## コマンドと引数のヘルプ（clap）
about-mokuhyo = mokuhyo（目標）：各部局の目標管理ブックを置く共有フォルダを監視し、全庁の集約ブックを作成して、未記入の報告を各部局にお知らせします
about-help = このヘルプ、または指定したサブコマンドのヘルプを表示します
about-deadline = 文章中の期限を日付に解釈して表示します
about-check = ブックを読み、mokuhyo がどう理解したかを表示します
about-run = 常駐して動作します：フォルダを監視し、集約ブックを最新に保ち、リマインドメールを送ります
about-stop = 動作中の常駐プロセスを停止し、終了するまで待ちます（書き込み中のものは書き終えてから停止します）
about-remind = 本日送るべきリマインドメールを送ります（--dry-run で内容の表示のみ）
about-status = 常駐プロセスの状態、ファイルのエラー、メールの送信・失敗の状況を表示します（監視用に --json、死活確認に --check）
about-history = ブックの変更（報告欄の記入、期限の変更など）を新しい順に表示します
about-consolidate = フォルダ全体を一度読み、集約ブックを書き出します
about-template = 年度の各部局のブックを作成します
about-config = 設定を確認します
about-config-check = 設定を読み込んで検査し、有効な設定を表示します
about-roster = 送付先名簿：設定から作成するか、内容を確認します
about-roster-init = [[departments]] と [[divisions]] の設定から名簿（.xlsx または .csv）を作成します
about-roster-check = 名簿を読み、指定日のメールの送付先と次の切り替えを表示します
about-mail = メールの設定を確認します
about-mail-test = 設定した送信方法でテストメールを 1 通送り、各段階の結果を表示します

arg-help = ヘルプを表示します
arg-version = バージョンを表示します
arg-config = 設定ファイル（既定：環境変数 MOKUHYO_CONFIG、なければ組み込みの config/mokuhyo.toml）
arg-log_format = 標準エラー出力のログ形式
arg-verbose = ログを詳しくします（-v：debug、-vv：trace）
arg-deadline-text = 「期間・期限」欄に書かれたままの文章
arg-deadline-fiscal_year = 文章が属する年度（開始年：2026 = 令和8年度）
arg-check-paths = 読むブックまたはフォルダ（既定：設定のフォルダ）
arg-check-json = 解釈した内容を JSON で出力します（形式：docs/schema.md）
arg-check-propose = 各表の列の対応（各列を何として読んだか、読むか）を、設定に追加する [[parse.layouts]] の TOML として、確度と次点をコメントに添えて出力します
arg-stop-wait = 常駐プロセスの終了を待つ秒数（書き込み中のものは書き終えてから停止します）
arg-remind-dry_run = 送られるはずのメールを表示するだけで、送信も記録もしません
arg-remind-today = 現在ではなくこの日（その日の終わり時点、その日のメールがすべて対象）について計画します
arg-remind-accept_clock = 時計（または --today）が最後の送信から 400 日より後、または 30 日より前を示していても送ります（通常は保留）
arg-status-json = 状態を JSON で出力します（形式：docs/status.md）
arg-status-check = 1 行だけ出力し、正常なら終了コード 0、問題があれば 1 で終わります（監視用）。行は OK: または PROBLEM: で始まります
arg-history-since = この日（日本時間）以降の変更のみ
arg-history-department = この部局の変更のみ
arg-history-json = 変更を JSON で出力します
arg-consolidate-today = 状態（期限超過、14日以内 など）を判定する日（既定：日本時間の今日）
arg-template-department = ブックを作成する部局
arg-template-all = --from にある部局ごとに 1 冊ずつ作成します
arg-template-fiscal_year = 年度（開始年：2027 = 令和9年度）
arg-template-from = 目標と項目を引き継ぐ元：前年度のブック、その入ったフォルダ、または集約 JSON（全庁目標一覧_令和8年度.json）
arg-template-layout = `ueda`、`ogori`、または様式定義（TOML）のパス
arg-template-grades = 評価段階の定義（既定：組み込みの config/grades.toml）
arg-template-output = 書き出すファイル（1 部局のときのみ）
arg-template-out_dir = 書き出すフォルダ（既定：現在のフォルダ）
arg-template-goals = 白紙のブックの目標数（既定：様式の値、3）
arg-template-items = 白紙のブックの目標ごとの項目数（既定：様式の値、4）
arg-template-force = 既存のファイルを置き換えます
arg-roster-init-file = 書き出すファイル（既定：設定の [roster] のパス）
arg-roster-init-force = ファイルがあれば置き換えます
arg-roster-check-on = 表示する日（既定：日本時間の今日）
arg-mail-test-to = テストメールの宛先（複数なら繰り返し指定）

## 設定と config check
config-problems = 設定に問題が { $count } 件あります（{ $origin }）：
config-file-empty = 設定ファイルが空です（書き込み中の可能性があります）
config-file-unreadable = 設定ファイルを読めません：{ $error }
config-unknown-key = 不明なキーです
config-invalid-type = 値の型が違います：{ $found }（期待される型：{ $expected }）
config-unknown-variant = 使えない値です：{ $found }（使える値：{ $expected }）
config-invalid-value = 値が不正です：{ $found }（期待される値：{ $expected }）
config-at-least = { $min } 以上にしてください
config-debounce-too-long = 600000（10 分）以下にしてください
config-mail-address = メールアドレスを指定してください（表示名を付ける場合は "企画課 <kikakuka@city.example.jp>" の形）
config-folder-empty = 共有フォルダを指定してください
config-not-a-fiscal-year = 年度ではありません
config-outside-fiscal-year = { $year } 年度の範囲外です
config-not-near-fiscal-year = { $year } 年度から離れすぎています
config-unknown-time-zone = 不明なタイムゾーンです（"Asia/Tokyo" のような IANA 名を指定してください）
config-warn-plain-password = mail.smtp.security = "none" で mail.smtp.username = { $user } が指定されています。パスワードが暗号化されずに送られます。"starttls" または "tls" を指定してください
config-warn-dictionary-clash = 辞書：語 { $word } が同じ重みで { $fields } を指しています。この語を含む見出しは最初の項目として読まれます。[dictionary] の extend ファイルで、語を 1 つの項目だけに割り当てるか、重み（{"{"} word = "…", weight = 0.6 {"}"}）を付けてください
config-warn-state-in-output = state.database = { $path } が output.dir の中にあります。出力フォルダを削除すると送信済みメールの記録も失われます（mokuhyo を停止してから、専用のフォルダに移してください）
config-effective = 有効な設定（読込元：{ $origin }）
config-overridden = 環境変数で上書き：{ $variable }
config-warning = 警告: { $warning }
config-problem = 問題: { $problem }
config-schedules = 実行予定（{ $zone }。メールは開庁日のみ送信）：
config-schedule-never = なし
config-schedule-next = 次回 { $firings }
schedule-reminders = リマインド・期限超過・読めないファイルのメール
schedule-digest = 企画課あてダイジェスト
schedule-monthly-digest = 月次の期限ダイジェスト
schedule-rescan = フォルダ全体の再走査
check-folder-missing = フォルダがありません（共有のマウントや接続をご確認ください）
check-folder-unknown = フォルダを確認できません（{ $error }）
check-folder-unlistable = フォルダの中を一覧できません（{ $error }）
check-folder-unreadable = ファイルを読めません（{ $error }）
check-state-unwritable = 状態ファイルに書き込めません（{ $error }）
check-not-a-folder = { $path } はフォルダではなくファイルです
check-folder-unwritable = { $path } に書き込めません（{ $error }）
check-unaddressed-nowhere = どこにも送られません
check-unaddressed-planning = { $planning }あてに送られます
check-unaddressed = { $name } にはメールの宛先がありません（取組 { $items } 件、ファイル { $files } 件）。この部局あてのメールは{ $to }
check-config-unreadable = 設定を読めません（{ $origin }）：{ $problem }

## status と死活確認（status --check はこの前に OK: または PROBLEM: を付ける）
and-more = （ほか { $count } 件）
span-seconds = { $s } 秒
span-minutes = { $m } 分
span-hours = { $h } 時間 { $m } 分
span-days = { $d } 日 { $h } 時間
health-outage = { $what }（{ $since } から）
health-daemon-stopped = 常駐プロセスが動いていません（最後の起動 { $started }、pid { $pid }）
health-daemon-never-ran = 常駐プロセスが動いていません（状態ファイル { $path } で起動したことがありません）
health-file-unreadable = { $duration } 前から読めないファイルがあります：{ $file }：{ $problem }
health-mail-failed = メールを送れませんでした（再送しません）：{ $key }（{ $recipients }）：{ $error }
health-mail-undelivered = { $duration } 前からメールが届いていません：{ $key }（{ $recipients }）：{ $error }
health-recipient-refused = 受信を拒否された宛先があります：{ $key }：{ $refused }
health-scan-late = 最後の走査が { $ago } 前（{ $at }）で、再走査の間隔 { $interval } の 2 倍を超えています
summary = 常駐プロセス稼働中（pid { $pid }）、{ $scan }、ファイル { $files } 件、送信済みメール { $mails } 通
summary-no-scan = 走査はまだありません
summary-last-scan = 最後の走査は { $ago } 前
status-daemon-running = 常駐プロセス：稼働中（pid { $pid }、{ $started } 起動）
status-daemon-stopped = 常駐プロセス：停止中（最後の起動 { $started }、pid { $pid }）
status-daemon-never = 常駐プロセス：停止中
status-state-problem = 状態ファイル：{ $problem }
status-no-state = 状態はまだありません：{ $path } がありません（この環境で常駐プロセスが動いたことがありません）
status-state = 状態（{ $path }）
status-files-kept = 前回正常に読めたデータを保持しているファイル：{ $count } 件
status-file-errors = ファイルのエラー：
status-file-error = { $since } から：{ $problem }
status-mail = メール：送信済み { $sent } 通、失敗（再送予定）{ $retrying } 通、失敗（再送なし）{ $failed } 通、送信中 { $attempting } 通、拒否された宛先 { $refused } 件
status-not-sent = 未送信：
status-attempts = { $outcome }、{ $attempts } 回試行、最後 { $last }
status-refused = 受信を拒否された宛先（ほかの宛先には届いています）：
status-recent = 最近の送信：
status-health-ok = 健全性：正常
status-health-problems = 健全性：問題 { $count } 件
