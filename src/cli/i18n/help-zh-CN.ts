import type { CliHelp } from './help-en.js';

/** `tillpoint --help` 的简体中文版；命令名、选项名和 JSON 示例照原样保留（它们是要照着输入的）。 */
export const zhCNHelp: CliHelp = {
  usage: `用法：tillpoint <命令> [选项]

`,
  commands: `命令：
  start [--kiosk]            打开 Tillpoint 桌面程序（Electron）；--kiosk：自助收银机。
  serve [--port P] [--data DIR] [--name NAME] [--lang zh-CN|en] [--gateway URL] [--demo] [--kiosk]
        [--demo-staff] [--no-nfc] [--log-dir DIR]
                             为本机的浏览器运行收银机：在 http://127.0.0.1:P 提供收银界面（P 为 0 或不填
                             时自动选空闲端口），就绪后输出 "Tillpoint cashier: <url>"，再输出
                             "Tillpoint customer display: <url>"（只读，给顾客屏用）。这两行供程序读取，
                             任何语言下都不变。按 Ctrl+C 停止。
                             --kiosk：运行自助收银机而不是收银界面；输出 "Tillpoint kiosk: <url>"，再输出
                             "Tillpoint kiosk browser: <chromium 命令>"，然后是顾客屏那一行。店员用员工
                             密码退出时结束（退出码 0）。
  gateway [--port P] [--test] [--merchants FILE] [--ledger FILE] [--log-dir DIR]
          [--dialect sandbox|alipay|wechatpay] [--keys DIR] [--tls-cert F --tls-key F]
                             运行沙箱支付网关（为演示和测试扮演微信支付、支付宝、云闪付、QQ钱包和它自己的
                             钱包），地址 http://127.0.0.1:P，就绪后输出 "Tillpoint gateway: <url>"。演示
                             商户 m-demo，密钥 sandbox-demo-key（仅限沙箱）。按 Ctrl+C 停止。
                             --dialect alipay：支付宝网关协议（POST /gateway.do，RSA2）；输出
                             "Alipay app id: <id>" 和 "Alipay keys: <文件夹>"（DIR，默认
                             ./.tillpoint-alipay-sim；app-private-key.pem 和 alipay-public-key.pem 给收银机用）。
                             --tls-cert/--tls-key：https。
                             --dialect wechatpay 按微信支付 API v2（签名 XML）和 API v3（RSA 签名）应答，
                             测试密钥生成在 DIR（或临时目录）并打印出来。详见 README 的网关一节。
  hub [--port P] [--data DIR] [--log-dir DIR] [--host ADDR --tls-cert F --tls-key F]
      [--insecure-behind-proxy] [--max-amount N] [--max-past-days N] [--max-future-hours N]
                             运行收银机同步用的总部服务，地址 http://127.0.0.1:P，就绪后输出
                             "Tillpoint hub: <url>"。存储：SQLite 文件 DIR/hub.db（默认 ./.tillpoint-hub），
                             设置了 DATABASE_URL 时用 PostgreSQL。按 Ctrl+C 停止。
                             --host 0.0.0.0 加 --tls-cert/--tls-key（PEM）在网络上提供 https，并输出证书的
                             SHA-256 和收银机接入用的配对码；未启用 TLS 时拒绝监听其他地址，除非加
                             --insecure-behind-proxy（前面有 TLS 反向代理）。--max-amount（最小货币单位，默认
                             10000000000）、--max-past-days（90）、--max-future-hours（24）：记录的限制。
  hub enroll-code [--data DIR] [--tls-cert F]
                             输出一个一次性接入码（24 小时内有效），可让一台收银机接入总部；总部启用 TLS 时
                             （F，或它上次启动用的证书）输出 接入码/配对码。
  hub report [--data DIR]    输出 JSON：按收银机、日期（按时区 TZ）和支付方式汇总的销售。
  hub report --payments [--terminal ID|NAME] [--state succeeded|declined|reversed] [--data DIR]
                             输出 JSON：各收银机上报的每笔支付的最终状态，以及合计。
  hub report --shifts [--terminal ID|NAME] [--data DIR]
                             输出 JSON：各收银机同步来的每个已交班班次的 Z 报表，按到达顺序。
  hub report --reconciliations [--data DIR]
                             输出 JSON：每个支付渠道每天最近一次的对账结果。
  hub report --journal [--data DIR]
                             输出 JSON：每台收银机的流水链头，以及总部发现的问题。
  hub issuer-keys list|add FILE|pull --issuer URL [--data DIR]
                             离线付款码：列出总部下发给所有收银机的发码方公钥，从 JSON 列表发布密钥（停用的
                             密钥带 notAfter），或从发码方（沙箱网关）拉取。输出 JSON。
  hub settle-offline-codes --issuer URL [--data DIR]
                             把收银机收取的离线付款码发给发码方结算一次，并逐笔保存其答复（hub --issuer URL
                             会在后台自动结算）。输出 JSON。
  hub report --offline-codes [--data DIR]
                             输出 JSON：每笔离线付款码记录及其结算结果，被拒付的列为欠款。
  hub reconcile --provider ID --date YYYY-MM-DD --file F|--providers FILE [--format json|csv] [--out F]
                             把支付渠道该日（北京时间）的对账单（支付宝业务明细 zip 或 CSV，或微信支付
                             ALL 账单；用 --providers 时按收银机的 providers.json 用商户密钥下载）与各收银机上报的支付和退款逐笔核对：一致、有收款无销售、有销售无
                             收款、金额不符、仅一方退款。结果保存在总部；有需要处理的差异时退出码为 1。
  hub staff add --role cashier|supervisor|manager --name NAME [--pin N] [--badge UID] [--data DIR]
                             把一名员工下发到所有收银机（不加 --pin 时从标准输入读一行密码）。总部只保存和
                             发送用总部员工密钥算出的密码哈希，从不保存或发送密码本身。输出 JSON：员工和游标。
  hub staff list [--data DIR]
                             输出总部当前下发的员工（JSON）：编号、姓名、角色、有没有工牌。
  hub staff remove ID [--data DIR]
                             下发删除该员工：各收银机下次拉取后就不再接受他的密码。
  hub publish FILE [--data DIR]
                             发布商品目录、价格和配置的改动，供收银机拉取：FILE 是 {"kind", "payload"} 改动
                             的 JSON 列表，或像 assets/demo-catalog.json 那样的商品目录。先整体检查；文件
                             有错时什么都不发布。
  db check [--data DIR]      检查数据库但不修改它；输出 JSON
                             {file, integrity, schemaVersion, codeSchemaVersion}。
  hub journal verify [--data DIR]
                             总部所存每台收银机的流水链头（随每次同步发送）；每台一行 JSON，
                             若有收银机的流水倒退、分叉或 Z 结账单签名不符则以 1 退出。
  journal verify [--data DIR]
                             校验收银机的哈希链流水日志及已签名的 Z 结账单（只读）；输出 JSON，
                             出错时以 1 退出并指出第一个断裂的序号。
  diagnostics [--data DIR] [--out FILE] [--log-dir DIR]
                             为技术支持生成一个 .tar.gz（版本、操作系统、不含密钥的配置、db check、同步
                             状态、最新的日志），不改动收银机；输出 JSON {file, bytes}。FILE 默认为
                             DIR/diagnostics/tillpoint-diagnostics-<时间>.tar.gz。
  printer-sim [--port P] [--out FILE] [--paper-out] [--data DIR]
                             在 127.0.0.1:P（默认 9100）运行一台虚拟 ESC/POS 小票打印机，就绪后输出
                             "Tillpoint printer: 127.0.0.1:<端口>"，之后每个打印任务输出一行 JSON（文字、
                             二维码、钱箱脉冲、切纸），同时追加到 FILE。--data DIR：收银机没有
                             printers.json 时写入一个指向它的 DIR/printers.json。输入 paper-out、paper-in、
                             cover-open 或 cover-close 并回车可改变它的状态。按 Ctrl+C 停止。
`,
  sync: `  enroll --hub URL --code CODE [--pair PAIRING] [--repoint] [--data DIR] [--name NAME]
                             用 \`tillpoint hub enroll-code\` 生成的一次性接入码把本收银机接入总部（连接信息
                             保存在数据文件夹中）。输出 JSON：同步状态。
                             https 总部：用它输出的配对码（--pair，或接入码 / 之后的部分）固定其证书；
                             http 只能连 127.0.0.1 或 ::1。--repoint 确认把已接入别的总部的收银机改连。
  queue [--state queued|sent|parked|resolved] [--data DIR]
                             输出 JSON：同步状态（含未完成的支付和待处理的退款）以及待发送队列（最新的在前，
                             最多 500 条）。
`,
  kiosk: `  kiosk set-pin [--pin N] [--data DIR]
                             设置自助收银机的员工密码（4 到 8 位数字），同时解除密码锁定。不带 --pin 时
                             从标准输入读一行密码，不留在 shell 历史中。收银机停止时也可运行（会占用数据
                             文件夹的锁）。输出 JSON {"set": true}。
`,
  staff: `  staff add --role cashier|supervisor|manager --name NAME [--pin N] [--badge UID] [--data DIR]
                             添加员工；其密码（4 到 6 位数字，本机唯一）用于登录。不带 --pin 时从标准输入
                             读一行密码。本机有员工后，收银机从锁屏开始。输出该员工的 JSON（不含密码）。
  staff list [--data DIR]    输出员工 JSON：id、姓名、角色、是否有工牌。
  staff remove ID [--data DIR]
                             删除员工（日志中的记录保留）；输出 {"removed": ID}。
`,
  qr: `  qr decode <text|->         解析扫到的文字（EMV 二维码、付款码、钱包码、网址、条码）；输出一个 JSON 对象，
                             例如 {"format":"emv-mpm","crcValid":true,"tags":{...}}。"-" 表示从标准输入读取。
                             无效时退出码 1，并输出 {"error":{code,message}}。
  qr encode                  从标准输入读取 JSON {"tags":{...}}（或 decode 的输出）；输出编码后的内容。
`,
  nfc: `  nfc readers                以 JSON 列出 PC/SC 读卡器及每个读卡器上的卡。
  nfc read [--timeout S]     等待一张卡（默认 15 秒）并输出它是什么：UID、ATR、标准、类型；NTAG21x 还输出
                             其 NDEF 记录（{"kind":"text"|"uri"|"other", ...}）。
  nfc write-ndef (--text T [--lang L] | --uri U) [--timeout S]
                             等待一张 NTAG21x，写入一条 NDEF 记录，再读回核对。
`,
  options: `选项：
  --data DIR                 收银机的数据文件夹（默认 ./.tillpoint-data；hub：./.tillpoint-hub）。
  --port P                   serve、hub 和 gateway 的本机端口，0-65535（默认 0：任一空闲端口）。
  --test                     gateway：接受脚本化的行为（password、systemerror、slow、lost-reply ...）和
                             /sandbox/clock 控制。仅用于测试。
  --merchants FILE           gateway：更多商户，JSON 列表 [{"id": "...", "key": "..."}]。
  --ledger FILE              gateway：把沙箱的账本保存在这个 SQLite 文件中（默认：只在内存中）。
  --name NAME                serve 和 enroll 使用的收银机名称（显示在小票和总部上）。
  --lang L                   serve：收银界面和小票的语言，zh-CN 或 en（默认：新收银机用演示目录的 zh-CN，
                             否则沿用收银机的设置）；保存在收银机设置中，本命令的提示也用它。
                             nfc write-ndef：文本记录的语言。
  --no-nfc                   serve：不读 NFC 卡（默认 serve 通过 pcscd 读卡）。
  --demo                     serve：演示模式。没有 DIR/stored-value.json 时，储值卡使用公开的演示密钥（任何人
                             都能写这种卡：仅用于演示和测试）；不加 --demo 时，储值卡在店铺密钥放入
                             DIR/stored-value.json 之前不可用。
  --demo-staff               serve：本机还没有员工时，先加一名演示店长（密码 1111）和收银员（密码 2222），
                             收银机从锁屏开始（仅用于演示）。
  --role ROLE                staff add、hub staff add：cashier（收银员）、supervisor（主管）或 manager（店长）。
  --badge UID                staff add、hub staff add：员工工牌的卡 UID（十六进制），刷卡登录用。
  --kiosk                    serve、start：自助收银机（需要员工密码：tillpoint kiosk set-pin，或用 --demo
                             的演示密码）。Electron 也可用 TILLPOINT_KIOSK=1。
  --timeout S                nfc read / write-ndef：等待卡的秒数（默认 15）。
  --gateway URL              serve：通过 URL 处的沙箱网关收钱包付款（商户 m-demo），除非
                             DIR/providers.json 配置了支付渠道。
  --log-dir DIR              serve、hub、gateway：同时把 JSON 日志写入 DIR 中的滚动文件（10 MB x 5；serve
                             和 hub 默认 DATA/logs，gateway 默认不写）。日志总会以 JSON 行输出到 stderr；
                             TILLPOINT_LOG_LEVEL=debug|info|warn|error 设置级别。
  -h, --help                 显示本帮助。

`,
  language: `语言：
  本命令自己的提示（本帮助、用法错误、stderr 上的失败说明）为 zh-CN 或 en：先看 serve 的 --lang，再看
  TILLPOINT_LANG=zh-CN|en，再看 LC_ALL、LC_MESSAGES 或 LANG（zh_* 为 zh-CN，其他为 en）。都没有设置（或为
  C、POSIX）时，处理收银机数据文件夹的命令使用收银机自己的语言，其他命令用英文。
  JSON 输出和日志行在任何语言下都一样。

`,
  exitCodes: `退出码：
  0   完成（serve：已正常停止；db check：数据库正常）
  1   失败（db check：数据库损坏或版本较新；start：缺少 Electron）
  2   serve：数据库被拒绝（已损坏或来自较新版本的 Tillpoint）；文件没有被改动
  64  命令或选项有误（serve --kiosk：未设置员工密码）
`,
};
