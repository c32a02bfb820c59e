/// The Mustache template of `index.html`.
///
/// Kept in the source rather than as a resource so the page needs no bundle lookup at run time.
/// Every `{{name}}` is HTML-escaped by Mustache (`<`, `>`, `&`, `"`, `'`); the template never
/// uses the unescaped `{{{name}}}` form, and every attribute value is double-quoted. Styles and
/// charts are inline, there is no script, and nothing is loaded from elsewhere. Every id and
/// name from the data in the page's text sits in its own `<bdi>`: bidi controls in it (U+202E, …)
/// cannot reorder the text around it.
enum ReportPageTemplate {
    /// The template in two parts at a top level (no section open there), before the conversion
    /// section, which renders most of a busy page's bytes: rendered over the same model and
    /// joined, the same bytes as the whole (`ReportPage.render()` renders them at once).
    static let halves: [String] = {
        let marker = "<section id=\"conversion\">"
        guard let cut = text.range(of: marker)?.lowerBound else {
            preconditionFailure("the page template has no conversion section to cut at")
        }
        return [String(text[..<cut]), String(text[cut...])]
    }()

    static let text = #"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · {{from}} – {{to}}</title>
        <style>
        :root{--ink:#1d2330;--muted:#5b6475;--line:#d9dee7;--soft:#f3f5f9;--accent:#2f5fd0;--warn:#d08a00;--over:#c62f2f;--ok:#2e8b57}
        *{box-sizing:border-box}
        html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
        body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff}
        main{max-width:1200px;margin:0 auto;padding:16px}
        header.page{border-bottom:3px solid var(--accent);padding-bottom:12px;margin-bottom:8px}
        h1{font-size:1.6rem;margin:0 0 4px}
        h2{font-size:1.2rem;margin:28px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
        h3{font-size:1rem;margin:16px 0 6px}
        p{margin:6px 0}
        .period{font-size:1.1rem;font-weight:600}
        .muted,.note{color:var(--muted)}
        .note{font-size:.85rem}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}
        dl.facts dt{color:var(--muted)}
        dl.facts dd{margin:0}
        .figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px;margin:16px 0}
        .figure{background:var(--soft);border-radius:8px;padding:10px 12px}
        .figure .label{font-size:.8rem;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
        .figure .value{font-size:1.5rem;font-weight:700;font-variant-numeric:tabular-nums}
        .figure .detail{font-size:.85rem;color:var(--muted)}
        .scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:8px 0;border:1px solid var(--line);border-radius:6px}
        table{border-collapse:separate;border-spacing:0;width:100%;font-size:.9rem}
        th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
        thead th{background:var(--soft);font-weight:600;vertical-align:bottom}
        tbody tr,tfoot tr{background:#fff}
        tbody tr:nth-child(even){background:#fafbfd}
        .scroll th:first-child,.scroll td:first-child{position:sticky;left:0;z-index:1;background:inherit;box-shadow:1px 0 0 var(--line)}
        thead tr{background:var(--soft)}
        tfoot td{font-weight:600;border-top:2px solid var(--line)}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        td.num{white-space:nowrap}
        td.id{white-space:nowrap;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem}
        td.when{font-variant-numeric:tabular-nums;white-space:nowrap}
        td.who{min-width:9em}
        .id-note{display:block;color:var(--muted);font-size:.75rem;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:nowrap}
        thead th.group{text-align:center;border-bottom:1px solid var(--line);font-size:.8rem;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
        thead tr+tr th{font-weight:500}
        th.sep,td.sep{border-left:1px solid var(--line)}
        .change{display:block;font-size:.78rem;white-space:nowrap;color:var(--muted)}
        .change.better{color:var(--ok)}
        .change.worse{color:var(--over)}
        .figure .change{font-size:.85rem}
        dl.legend-list{display:grid;grid-template-columns:max-content 1fr;gap:0 10px;font-size:.8rem;color:var(--muted);margin:6px 0}
        dl.legend-list dt{font-weight:600}
        dl.legend-list dd{margin:0}
        .chart-title{font-weight:600;font-size:.95rem;margin:0 0 2px}
        .summaries>div{min-width:0}
        .rate{display:flex;align-items:center;justify-content:flex-end;gap:6px}
        .rate svg{flex:none}
        .track{fill:var(--soft);stroke:var(--line);stroke-width:.5}
        .bar-warning{fill:var(--warn)}
        .bar-overdue{fill:var(--over)}
        .bar-conversion{fill:var(--ok)}
        .badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:.8rem;font-weight:600;color:#fff;background:var(--warn)}
        .badge.overdue{background:var(--over)}
        .chart{width:100%;height:auto;display:block;min-width:480px}
        .chart text{font-size:11px;fill:var(--muted)}
        .chart .grid{stroke:var(--line);stroke-width:1}
        .chart .episodes{fill:#9fb4e8}
        .chart .line-warning{fill:none;stroke:var(--warn);stroke-width:2}
        .chart .line-overdue{fill:none;stroke:var(--over);stroke-width:2}
        .chart .dot-warning{fill:var(--warn)}
        .chart .dot-overdue{fill:var(--over)}
        .waitcharts{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:12px;margin:12px 0}
        .waitcharts figure{margin:0}
        .waitcharts .chart{min-width:0}
        .chart .share{fill:none;stroke:#3b5bdb;stroke-width:2}
        .chart .mark-warning{stroke:var(--warn);stroke-width:1.5;stroke-dasharray:4 3}
        .chart .mark-overdue{stroke:var(--over);stroke-width:1.5;stroke-dasharray:4 3}
        .legend{display:flex;flex-wrap:wrap;gap:14px;font-size:.85rem;color:var(--muted);margin:4px 0}
        .key{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-1px;margin-right:4px}
        .key.episodes{background:#9fb4e8}
        .key.warning{background:var(--warn)}
        .key.overdue{background:var(--over)}
        .empty{color:var(--muted);font-style:italic}
        details summary{cursor:pointer;color:var(--accent);margin:8px 0}
        footer{margin:32px 0 8px;font-size:.8rem;color:var(--muted)}
        @media (max-width:600px){
        body{font-size:14px}
        main{padding:10px}
        h1{font-size:1.3rem}
        .figure .value{font-size:1.25rem}
        dl.facts{grid-template-columns:1fr}
        dl.facts dd{margin-bottom:6px}
        }
        @media print{
        @page{size:A4 landscape;margin:12mm}
        body{font-size:10pt;color:#000}
        main{max-width:none;padding:0}
        .scroll{overflow:visible;border:none}
        table{font-size:8.5pt}
        thead{display:table-header-group}
        thead th{position:static}
        .scroll th:first-child,.scroll td:first-child{position:static;box-shadow:none}
        tr,.figure,svg{break-inside:avoid}
        h2{break-after:avoid}
        #settings,#channels,#daily{break-inside:avoid}
        details>*{display:block}
        *{-webkit-print-color-adjust:exact}
        .chart{min-width:0}
        }
        </style>
        </head>
        <body>
        <main>
        <header class="page">
        <h1>{{title}}</h1>
        <p class="period">{{from}} – {{to}} <span class="muted">({{timeZone}})</span></p>
        <dl class="facts">
        <dt>As of</dt><dd>{{asOf}}</dd>
        <dt>Data watermark</dt><dd>last event {{lastEventAt}}; {{eventCount}} events ingested</dd>
        {{#hasPreviousPeriod}}<dt>Compared with</dt><dd>{{previousPeriod}}, the period of equal length before, read as of the same instant</dd>
        {{/hasPreviousPeriod}}
        {{#hasChannelFilter}}<dt>Channels</dt><dd>only <bdi>{{channelFilter}}</bdi></dd>
        {{/hasChannelFilter}}
        {{#hasCurrency}}<dt>Currency</dt><dd>{{currency}}</dd>
        {{/hasCurrency}}
        {{#hasGeneratedAt}}<dt>Generated</dt><dd>{{generatedAt}}</dd>
        {{/hasGeneratedAt}}
        </dl>
        </header>

        <section id="summary" aria-label="Key figures">
        <div class="figures">
        {{#keyFigures}}
        <div class="figure"><div class="label">{{label}}</div><div class="value">{{value}}</div><div class="detail">{{detail}}</div>{{#hasChange}}{{#change}}<div class="change {{tone}}">{{changeText}} <span class="muted">vs {{previousText}}</span></div>{{/change}}{{/hasChange}}</div>
        {{/keyFigures}}
        </div>
        {{#hasPreviousPeriod}}<p class="note">▲ ▼ compare with {{previousPeriod}}: rates in percentage points (pt), counts and money in per cent; green is better, red is worse.</p>{{/hasPreviousPeriod}}
        </section>

        <section id="settings">
        <h2>Settings used</h2>
        <dl class="facts">
        <dt><code>clock_start</code></dt><dd>{{clockStart}} — {{clockStartMeaning}}</dd>
        <dt><code>bot_replies_stop_clock</code></dt><dd>{{botRepliesStopClock}}</dd>
        </dl>
        <p class="note">Limits in effect at the “as of” instant or at the end of the period, whichever is earlier. Each episode is measured against the limits in effect when it opened.</p>
        {{#usesBusinessHours}}<p class="note">Business hours are in effect: breach times count working hours (the SLA clock runs only inside each channel’s schedule, in its time zone, on days that are not holidays). Wait, first response, reply and resolution times stay calendar time.</p>{{/usesBusinessHours}}
        {{#hasLimits}}
        <div class="scroll"><table>
        <thead><tr><th>Channel</th><th class="num">Warning limit</th><th class="num">Processing limit</th><th>Business hours</th></tr></thead>
        <tbody>
        {{#limits}}
        {{#limitChannel}}<tr><td class="who"><bdi>{{name}}</bdi>{{#showsID}}<span class="id-note"><bdi>{{id}}</bdi></span>{{/showsID}}</td>{{/limitChannel}}<td class="num">{{warningLimit}}</td><td class="num">{{processingLimit}}</td><td>{{businessHours}}</td></tr>
        {{/limits}}
        </tbody>
        </table></div>
        {{/hasLimits}}
        {{^hasLimits}}<p class="empty">No channels.</p>{{/hasLimits}}
        </section>

        <section id="channels">
        <h2>SLA per channel</h2>
        <p class="note">Episodes whose first customer message falls in the period. Rates are over episodes; bars run from 0 to 100 %.{{#hasPreviousPeriod}} Below each figure, its change against {{previousPeriod}}.{{/hasPreviousPeriod}}</p>
        {{#hasChannels}}
        <h3>Breaches against the limits</h3>
        <div class="scroll"><table>
        <thead><tr><th>Channel</th><th class="num">Episodes</th><th class="num sep">Warning limit</th><th class="num">Reached warning</th><th class="num sep">Processing limit</th><th class="num">Reached overdue</th></tr></thead>
        <tbody>
        {{#channels}}
        <tr>
        {{#channel}}<td class="who"><bdi>{{name}}</bdi>{{#showsID}}<span class="id-note"><bdi>{{id}}</bdi></span>{{/showsID}}</td>{{/channel}}
        <td class="num">{{episodes}}{{#hasPrevious}}{{#episodesChange}}<span class="change {{tone}}" title="previous period: {{previousText}}">{{changeText}}</span>{{/episodesChange}}{{/hasPrevious}}</td>
        <td class="num sep">{{warningLimitText}}</td>
        {{#warning}}<td class="num"><span class="rate">{{count}} · {{percent}}{{#hasRate}}<svg width="64" height="10" viewBox="0 0 100 10" role="img" aria-label="{{percent}} reached warning"><rect class="track" x="0" y="0" width="100" height="10"/><rect class="bar-warning" x="0" y="0" width="{{barWidth}}" height="10"/></svg>{{/hasRate}}</span>{{/warning}}{{#hasPrevious}}{{#warningChange}}<span class="change {{tone}}" title="previous period: {{previousText}}">{{changeText}}</span>{{/warningChange}}{{/hasPrevious}}</td>
        <td class="num sep">{{processingLimitText}}</td>
        {{#overdue}}<td class="num"><span class="rate">{{count}} · {{percent}}{{#hasRate}}<svg width="64" height="10" viewBox="0 0 100 10" role="img" aria-label="{{percent}} reached overdue"><rect class="track" x="0" y="0" width="100" height="10"/><rect class="bar-overdue" x="0" y="0" width="{{barWidth}}" height="10"/></svg>{{/hasRate}}</span>{{/overdue}}{{#hasPrevious}}{{#overdueChange}}<span class="change {{tone}}" title="previous period: {{previousText}}">{{changeText}}</span>{{/overdueChange}}{{/hasPrevious}}</td>
        </tr>
        {{/channels}}
        </tbody>
        </table></div>
        <p class="note">{{levelsNote}}</p>
        <h3>Response times and outcomes</h3>
        <div class="scroll"><table>
        <thead>
        <tr><th rowspan="2">Channel</th><th class="num" rowspan="2">Dialogs</th><th class="group sep" colspan="3">Episodes</th><th class="group sep" colspan="2">First response</th><th class="group sep" colspan="2">Reply</th><th class="group sep" colspan="2">Dialogs closed</th></tr>
        <tr><th class="num sep">answered</th><th class="num">closed unanswered</th><th class="num">open</th><th class="num sep">p50</th><th class="num">p90</th><th class="num sep">p50</th><th class="num">p90</th><th class="num sep">resolution p50</th><th class="num">auto-closed</th></tr>
        </thead>
        <tbody>
        {{#channels}}
        <tr>
        {{#channel}}<td class="who"><bdi>{{name}}</bdi>{{#showsID}}<span class="id-note"><bdi>{{id}}</bdi></span>{{/showsID}}</td>{{/channel}}
        <td class="num">{{dialogs}}</td><td class="num sep">{{answered}}</td><td class="num">{{closedUnanswered}}</td><td class="num">{{openEpisodes}}</td>
        <td class="num sep" title="{{frtMedianExact}}">{{frtMedian}}</td><td class="num" title="{{frtP90Exact}}">{{frtP90}}</td>
        <td class="num sep" title="{{replyMedianExact}}">{{replyMedian}}{{#hasPrevious}}{{#replyChange}}<span class="change {{tone}}" title="previous period: {{previousText}}">{{changeText}}</span>{{/replyChange}}{{/hasPrevious}}</td><td class="num" title="{{replyP90Exact}}">{{replyP90}}</td>
        <td class="num sep" title="{{resolutionMedianExact}}">{{resolutionMedian}}</td><td class="num">{{autoClosed}}</td>
        </tr>
        {{/channels}}
        </tbody>
        </table></div>
        <dl class="legend-list">
        <dt>First response</dt><dd>wait of an episode that opened the dialog; p50 is the median, p90 the wait 90 % of episodes stayed within</dd>
        <dt>Reply</dt><dd>wait of every answered episode</dd>
        <dt>Resolution</dt><dd>from a dialog’s first customer message to its closing</dd>
        <dt>Auto-closed</dt><dd>dialogs closed by the system after the auto-close time</dd>
        </dl>
        {{/hasChannels}}
        {{^hasChannels}}<p class="empty">No channels.</p>{{/hasChannels}}
        {{#hasWaitCharts}}
        <h3>Answered within t</h3>
        <p class="note">Share of the channel's episodes answered within t, for t from 0 to twice the processing limit; dashed lines mark the warning and processing limits.</p>
        <div class="waitcharts">
        {{#waitCharts}}
        <figure><figcaption class="chart-title"><bdi>{{shareChannel}}</bdi></figcaption><svg class="chart" viewBox="{{viewBox}}" role="img" aria-label="{{shareSummary}}"><title>{{shareSummary}}</title>
        <line class="grid" x1="{{plotLeft}}" x2="{{plotRight}}" y1="{{plotTop}}" y2="{{plotTop}}"/><line class="grid" x1="{{plotLeft}}" x2="{{plotRight}}" y1="{{midY}}" y2="{{midY}}"/><line class="grid" x1="{{plotLeft}}" x2="{{plotRight}}" y1="{{plotBottom}}" y2="{{plotBottom}}"/>
        <text x="{{plotLeft}}" dx="-4" y="{{plotTop}}" dy="4" text-anchor="end">100%</text><text x="{{plotLeft}}" dx="-4" y="{{midY}}" dy="4" text-anchor="end">50%</text><text x="{{plotLeft}}" dx="-4" y="{{plotBottom}}" dy="4" text-anchor="end">0%</text>
        <polyline class="share" points="{{shareLine}}"/>
        {{#hasWarningMark}}<line class="mark-warning" x1="{{warningX}}" x2="{{warningX}}" y1="{{plotTop}}" y2="{{plotBottom}}"><title>{{warningMarkText}}</title></line>{{/hasWarningMark}}
        {{#hasProcessingMark}}<line class="mark-overdue" x1="{{processingX}}" x2="{{processingX}}" y1="{{plotTop}}" y2="{{plotBottom}}"><title>{{processingMarkText}}</title></line>{{/hasProcessingMark}}
        {{#timeTicks}}<text x="{{tickX}}" y="{{plotBottom}}" dy="16" text-anchor="middle">{{tickText}}</text>{{/timeTicks}}
        </svg></figure>
        {{/waitCharts}}
        </div>
        {{/hasWaitCharts}}
        </section>

        <section id="daily">
        <h2>Daily trends</h2>
        {{#hasDays}}
        {{#chart}}
        <p class="note">All channels together, by the local date of each episode’s first customer message.</p>
        <div class="legend"><span><span class="key episodes"></span>Episodes</span><span><span class="key warning"></span>Reached warning</span><span><span class="key overdue"></span>Reached overdue</span></div>
        <div class="scroll">
        <svg class="chart" viewBox="{{viewBox}}" role="img" aria-label="{{summary}}">
        <title>{{summary}}</title>
        {{#ticks}}<line class="grid" x1="{{plotLeft}}" x2="{{plotRight}}" y1="{{tickY}}" y2="{{tickY}}"/><text x="{{plotLeft}}" dx="-6" y="{{tickLabelY}}" text-anchor="end">{{tickLabel}}</text>
        {{/ticks}}
        {{#bars}}<rect class="episodes" x="{{x}}" y="{{y}}" width="{{barWidth}}" height="{{barHeight}}"><title>{{tooltip}}</title></rect>
        {{/bars}}
        <polyline class="line-warning" points="{{warningLine}}"/>
        <polyline class="line-overdue" points="{{overdueLine}}"/>
        {{#warningPoints}}<circle class="dot-warning" cx="{{cx}}" cy="{{cy}}" r="2.5"/>{{/warningPoints}}
        {{#overduePoints}}<circle class="dot-overdue" cx="{{cx}}" cy="{{cy}}" r="2.5"/>{{/overduePoints}}
        {{#axisLabels}}<text x="{{labelX}}" y="{{baseline}}" dy="18" text-anchor="middle">{{labelText}}</text>
        {{/axisLabels}}
        </svg>
        </div>
        {{/chart}}
        <details>
        <summary>Numbers per day</summary>
        <div class="scroll"><table>
        <thead><tr><th>Date</th><th class="num">Episodes</th><th class="num">Reached warning</th><th class="num">Reached overdue</th><th class="num">Warning share</th></tr></thead>
        <tbody>
        {{#days}}
        <tr><td class="when">{{day}}</td><td class="num">{{dayEpisodes}}</td><td class="num">{{dayWarning}}</td><td class="num">{{dayOverdue}}</td><td class="num">{{dayWarningShare}}</td></tr>
        {{/days}}
        </tbody>
        </table></div>
        </details>
        {{/hasDays}}
        {{^hasDays}}<p class="empty">No episodes in the period.</p>{{/hasDays}}
        </section>

        <section id="managers">
        <h2>Manager workload</h2>
        {{#hasManagers}}
        {{#hasActiveManagers}}
        <p class="note">Users with any activity in the period, by name. Events count in the period of their own instant; episodes in the period of their first customer message.</p>
        <div class="scroll"><table>
        <thead>
        <tr><th rowspan="2">User</th><th class="group sep" colspan="5">Dialogs</th><th class="group sep" colspan="5">Messages and episodes</th><th class="group sep" colspan="2">Chat orders</th></tr>
        <tr><th class="num sep">assigned</th><th class="num">active</th><th class="num">closed</th><th class="num">handed on</th><th class="num">peak open</th><th class="num sep">sent</th><th class="num">answered</th><th class="num">reply p50</th><th class="num">reply p90</th><th class="num">warning · overdue</th><th class="num sep">orders</th><th class="num">revenue{{#hasCurrency}}, {{currency}}{{/hasCurrency}}</th></tr>
        </thead>
        <tbody>
        {{#managers}}
        <tr>{{#manager}}<td class="who"><bdi>{{name}}</bdi>{{#showsID}}<span class="id-note"><bdi>{{id}}</bdi></span>{{/showsID}}</td>{{/manager}}<td class="num sep">{{becameResponsible}}</td><td class="num">{{dialogsActive}}</td><td class="num">{{dialogsClosed}}</td><td class="num">{{reassignedAway}}</td><td class="num">{{peakOpenDialogs}}</td><td class="num sep">{{messagesSent}}</td><td class="num">{{episodesAnswered}}</td><td class="num" title="{{managerReplyMedianExact}}">{{managerReplyMedian}}</td><td class="num" title="{{managerReplyP90Exact}}">{{managerReplyP90}}</td><td class="num">{{managerWarning}} · {{managerOverdue}}</td><td class="num sep">{{managerOrders}}</td><td class="num">{{managerRevenue}}</td></tr>
        {{/managers}}
        </tbody>
        {{#managerTotal}}
        <tfoot><tr><td><bdi>{{#manager}}{{name}}{{/manager}}</bdi></td><td class="num sep">{{becameResponsible}}</td><td class="num"></td><td class="num">{{dialogsClosed}}</td><td class="num">{{reassignedAway}}</td><td class="num"></td><td class="num sep">{{messagesSent}}</td><td class="num">{{episodesAnswered}}</td><td class="num"></td><td class="num"></td><td class="num">{{managerWarning}} · {{managerOverdue}}</td><td class="num sep">{{managerOrders}}</td><td class="num">{{managerRevenue}}</td></tr></tfoot>
        {{/managerTotal}}
        </table></div>
        <dl class="legend-list">
        <dt>assigned</dt><dd>times the user became responsible for a dialog</dd>
        <dt>active</dt><dd>dialogs in which the user sent at least one message</dd>
        <dt>closed</dt><dd>distinct dialogs the user closed</dd>
        <dt>handed on</dt><dd>times the responsibility moved from the user to someone else or to nobody</dd>
        <dt>peak open</dt><dd>most open dialogs the user was responsible for at once</dd>
        <dt>sent</dt><dd>messages sent, failed ones included</dd>
        <dt>answered</dt><dd>episodes answered by the user’s messages, with the median (p50) and 90th percentile (p90) wait</dd>
        <dt>warning · overdue</dt><dd>episodes whose warning or overdue crossing happened while the user was responsible</dd>
        </dl>
        <p class="note">{{revenueNote}}</p>
        {{/hasActiveManagers}}
        {{^hasActiveManagers}}<p class="empty">No user was active in the period.</p>{{/hasActiveManagers}}
        {{#hasInactiveManagers}}
        <details>
        <summary>{{inactiveCount}} users with no activity in the period</summary>
        <p>{{#inactiveManagers}}<bdi>{{name}}</bdi> <span class="muted">(<bdi>{{id}}</bdi>)</span>; {{/inactiveManagers}}</p>
        </details>
        {{/hasInactiveManagers}}
        {{/hasManagers}}
        {{^hasManagers}}<p class="empty">No managers.</p>{{/hasManagers}}
        </section>

        <section id="conversion">
        <h2>Conversion and revenue</h2>
        <p class="note">The cohort: dialogs opened in the period with at least one customer message. Converted: dialogs with an order created from them by the “as of” instant. Revenue excludes cancelled orders; orders count them. A dialog counts for its responsible at the “as of” instant.</p>
        {{#hasConversions}}
        <div class="summaries">
        <div>
        <h3>Per channel</h3>
        <div class="scroll"><table>
        <thead><tr><th>Channel</th><th class="num">Dialogs</th><th class="num">Converted</th><th class="num">Orders</th><th class="num">Revenue{{#hasCurrency}}, {{currency}}{{/hasCurrency}}</th><th class="num">Paid{{#hasCurrency}}, {{currency}}{{/hasCurrency}}</th></tr></thead>
        <tbody>
        {{#conversionByChannel}}
        <tr>{{#group}}<td class="who"><bdi>{{name}}</bdi>{{#showsID}}<span class="id-note"><bdi>{{id}}</bdi></span>{{/showsID}}</td>{{/group}}<td class="num">{{cohortDialogs}}</td>{{#conversion}}<td class="num"><span class="rate">{{count}} · {{percent}}{{#hasRate}}<svg width="48" height="10" viewBox="0 0 100 10" role="img" aria-label="{{percent}} converted"><rect class="track" x="0" y="0" width="100" height="10"/><rect class="bar-conversion" x="0" y="0" width="{{barWidth}}" height="10"/></svg>{{/hasRate}}</span></td>{{/conversion}}<td class="num">{{conversionOrders}}</td><td class="num">{{revenue}}</td><td class="num">{{paidRevenue}}</td></tr>
        {{/conversionByChannel}}
        </tbody>
        {{#conversionTotal}}
        <tfoot><tr><td>All channels</td><td class="num">{{cohortDialogs}}</td>{{#conversion}}<td class="num">{{count}} · {{percent}}</td>{{/conversion}}<td class="num">{{conversionOrders}}</td><td class="num">{{revenue}}</td><td class="num">{{paidRevenue}}</td></tr></tfoot>
        {{/conversionTotal}}
        </table></div>
        </div>
        <div>
        <h3>Per responsible</h3>
        <div class="scroll"><table>
        <thead><tr><th>Responsible</th><th class="num">Dialogs</th><th class="num">Converted</th><th class="num">Orders</th><th class="num">Revenue{{#hasCurrency}}, {{currency}}{{/hasCurrency}}</th><th class="num">Paid{{#hasCurrency}}, {{currency}}{{/hasCurrency}}</th></tr></thead>
        <tbody>
        {{#conversionByResponsible}}
        <tr>{{#group}}<td class="who"><bdi>{{name}}</bdi>{{#showsID}}<span class="id-note"><bdi>{{id}}</bdi></span>{{/showsID}}</td>{{/group}}<td class="num">{{cohortDialogs}}</td>{{#conversion}}<td class="num"><span class="rate">{{count}} · {{percent}}{{#hasRate}}<svg width="48" height="10" viewBox="0 0 100 10" role="img" aria-label="{{percent}} converted"><rect class="track" x="0" y="0" width="100" height="10"/><rect class="bar-conversion" x="0" y="0" width="{{barWidth}}" height="10"/></svg>{{/hasRate}}</span></td>{{/conversion}}<td class="num">{{conversionOrders}}</td><td class="num">{{revenue}}</td><td class="num">{{paidRevenue}}</td></tr>
        {{/conversionByResponsible}}
        </tbody>
        </table></div>
        </div>
        </div>
        <details>
        <summary>Every channel, store and responsible ({{conversionRowCount}} rows, as in orders.csv)</summary>
        <div class="scroll"><table>
        <thead><tr><th>Channel</th><th>Store</th><th>Responsible</th><th class="num">Dialogs</th><th class="num">Converted</th><th class="num">Conversion</th><th class="num">Orders</th><th class="num">Revenue{{#hasCurrency}}, {{currency}}{{/hasCurrency}}</th><th class="num">Paid revenue{{#hasCurrency}}, {{currency}}{{/hasCurrency}}</th><th class="num">Average order{{#hasCurrency}}, {{currency}}{{/hasCurrency}}</th><th class="num">Time to order p50</th></tr></thead>
        <tbody>
        {{#conversions}}
        <tr>{{#conversionChannel}}<td class="who"><bdi>{{name}}</bdi></td>{{/conversionChannel}}{{#conversionStore}}<td class="who"><bdi>{{name}}</bdi></td>{{/conversionStore}}{{#conversionResponsible}}<td class="who"><bdi>{{name}}</bdi></td>{{/conversionResponsible}}<td class="num">{{cohortDialogs}}</td><td class="num">{{convertedDialogs}}</td>{{#conversion}}<td class="num">{{percent}}</td>{{/conversion}}<td class="num">{{conversionOrders}}</td><td class="num">{{revenue}}</td><td class="num">{{paidRevenue}}</td><td class="num">{{averageOrderValue}}</td><td class="num" title="{{timeToOrderExact}}">{{timeToOrder}}</td></tr>
        {{/conversions}}
        </tbody>
        </table></div>
        </details>
        {{/hasConversions}}
        {{^hasConversions}}<p class="empty">No dialogs opened in the period.</p>{{/hasConversions}}
        </section>

        <section id="breaches">
        <h2>Worst breaches</h2>
        {{#hasBreaches}}
        <p class="note">{{breachSummary}} Times are local ({{timeZone}}); breaches.csv has every breach with exact RFC 3339 times.</p>
        {{#breachGroups}}
        <h3>{{#breachChannel}}<bdi>{{name}}</bdi>{{/breachChannel}} <span class="muted">— {{shownNote}}</span></h3>
        <div class="scroll"><table>
        <thead><tr><th class="num">#</th><th>Dialog</th><th>Level</th><th class="num">Wait</th><th>Started</th><th>Crossed</th><th>Ended</th><th>Outcome</th><th>Responsible at crossing</th></tr></thead>
        <tbody>
        {{#breachLines}}
        <tr><td class="num">{{rank}}</td><td class="id"><bdi>{{dialog}}</bdi></td><td><span class="badge{{#isOverdue}} overdue{{/isOverdue}}">{{level}}</span></td><td class="num" title="{{waitExact}}">{{wait}}</td><td class="when" title="{{startedAtExact}}">{{startedAt}}</td><td class="when" title="{{crossedAtExact}}">{{crossedAt}}</td><td class="when" title="{{endedAtExact}}">{{endedAt}}</td><td>{{outcome}}</td>{{#responsible}}<td class="who"><bdi>{{name}}</bdi></td>{{/responsible}}</tr>
        {{/breachLines}}
        </tbody>
        </table></div>
        {{/breachGroups}}
        {{/hasBreaches}}
        {{^hasBreaches}}<p class="empty">No episode reached a warning or overdue level.</p>{{/hasBreaches}}
        </section>

        <footer>Figures as in the CSV files beside this page: channels.csv, breaches.csv, managers.csv, orders.csv, daily.csv{{#hasCurrency}} (money there is a plain number; here in {{currency}}){{/hasCurrency}}. “—” marks a figure that does not exist (a median or rate of nothing).</footer>
        </main>
        </body>
        </html>

        """#
}
