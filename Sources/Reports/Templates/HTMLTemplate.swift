/// The committee report as one self-contained HTML file: inline CSS and SVG, no scripts, no network.
/// Semantic markup (headings, tables with captions, figures) so it pastes cleanly into a word processor,
/// and print rules for A4 so it can be printed or turned into PDF as it is.
enum HTMLTemplate {
    static let text = #"""
<!DOCTYPE html>
<html lang="{{language}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}} – {{organisation}} – {{period}}</title>
<style>
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Liberation Serif", "Times New Roman", Georgia, serif; font-size: 11pt; line-height: 1.45;
       color: #111; max-width: 180mm; margin: 0 auto; padding: 12mm 0; }
header.report { border-bottom: 2px solid #2f5f98; margin-bottom: 8mm; }
h1 { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 20pt; margin: 0 0 4mm 0; color: #1d3b63; }
h2 { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 14pt; margin: 8mm 0 3mm 0; color: #1d3b63; }
h3 { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 12pt; margin: 6mm 0 2mm 0; }
h4 { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 10.5pt; margin: 4mm 0 1mm 0; color: #333; }
dl.meta { display: grid; grid-template-columns: 55mm 1fr; gap: 1mm 4mm; margin: 0 0 5mm 0; }
dl.meta dt { font-weight: bold; } dl.meta dd { margin: 0; }
table { border-collapse: collapse; margin: 2mm 0 3mm 0; font-size: 10pt; }
caption { text-align: left; font-weight: bold; font-family: "Liberation Sans", Arial, sans-serif; font-size: 9.5pt;
          padding-bottom: 1mm; color: #333; }
th, td { border: 1px solid #b9c3cf; padding: 1.2mm 2.5mm; vertical-align: top; text-align: left; }
th { background: #e9eef5; }
td.num, th.num { text-align: right; white-space: nowrap; }
section.control { border-top: 1px solid #b9c3cf; padding-top: 2mm; }
.keep { break-inside: avoid-page; page-break-inside: avoid; }
tr, figure, li, p.assessment { break-inside: avoid; page-break-inside: avoid; }
p.assessment { font-weight: bold; }
.ok { color: #1f6b35; } .partly { color: #8a5a00; } .bad { color: #8a1c1c; } .none { color: #555; }
ul { margin: 1mm 0 2mm 0; padding-left: 6mm; } li { margin-bottom: 1mm; }
.trend { display: flex; gap: 4mm; align-items: flex-start; flex-wrap: wrap; }
.trend table { font-size: 8.5pt; } .trend th, .trend td { padding: 0.8mm 1.6mm; }
figure { margin: 0; } figcaption { font-size: 9pt; color: #444; }
.pictures { display: flex; gap: 8mm; align-items: flex-start; flex-wrap: wrap; }
.pictures table { font-size: 9pt; } .pictures th, .pictures td { padding: 0.5mm 2mm; }
figure.matrix { max-width: 105mm; } figure.matrix svg { break-inside: avoid; page-break-inside: avoid; }
table.lights td.light { white-space: nowrap; } table.lights svg { vertical-align: -2px; }
ul.legend { columns: 2; column-gap: 6mm; list-style: none; padding: 0; margin: 0 0 2mm 0; font-size: 8pt; line-height: 1.3; }
ul.legend li { margin: 0; break-inside: avoid; }
p.note { font-size: 8.5pt; color: #444; }
p.changed { border-left: 3px solid #c62828; padding-left: 2mm; color: #8a1c1c; font-weight: bold; }
h2, h3, h4, caption { break-after: avoid-page; page-break-after: avoid; }
footer.report { margin-top: 10mm; border-top: 2px solid #2f5f98; padding-top: 3mm; font-size: 9pt; color: #333; }
code { font-family: "Liberation Mono", monospace; font-size: 8.5pt; word-break: break-all; }
@media print { body { padding: 0; } a { color: inherit; text-decoration: none; } }
</style>
</head>
<body>
<header class="report">
<h1>{{title}}</h1>
<dl class="meta">
<dt>{{labels.organisation}}</dt><dd>{{organisation}}</dd>
<dt>{{labels.plan}}</dt><dd>{{plan}}</dd>
<dt>{{labels.reportedTo}}</dt><dd>{{reportedTo}}</dd>
<dt>{{labels.period}}</dt><dd>{{period}}</dd>
<dt>{{labels.reportDate}}</dt><dd>{{reportDate}}</dd>
{{#preparedBy}}<dt>{{labels.preparedBy}}</dt><dd>{{.}}</dd>{{/preparedBy}}
{{#approvedBy}}<dt>{{labels.approvedBy}}</dt><dd>{{.}}</dd>{{/approvedBy}}
</dl>
</header>
<main>
{{#paperSummary}}
<section class="paper">
<h2>{{labels.paperSummary}}</h2>
<p>{{.}}</p>
</section>
{{/paperSummary}}
{{#hasProposedDecisions}}
<section class="paper">
<h2>{{labels.proposedDecisions}}</h2>
<ol>
{{#proposedDecisions}}<li>{{.}}</li>
{{/proposedDecisions}}
</ol>
</section>
{{/hasProposedDecisions}}
<section class="summary">
<h2>{{labels.summary}}</h2>
<p>{{summaryText}}</p>
{{#changedNote}}<p class="changed">{{.}}</p>{{/changedNote}}
<div class="pictures">
<table>
<caption>{{labels.assessmentPerControl}}</caption>
<tbody>
{{#summary}}<tr><th scope="row">{{label}}</th><td class="num">{{text}}</td></tr>
{{/summary}}
</tbody>
</table>
{{#hasRiskMatrix}}
<figure class="matrix">
<figcaption><strong>{{labels.riskMatrix}}</strong>: {{labels.riskMatrixCaption}}</figcaption>
{{{riskMatrix}}}
</figure>
{{/hasRiskMatrix}}
</div>
{{#hasRiskMatrix}}
<ul class="legend">
{{#riskLegend}}<li><strong>{{label}}</strong> {{text}}</li>
{{/riskLegend}}
</ul>
{{/hasRiskMatrix}}
</section>
<section class="overview">
<h2>{{labels.overview}}</h2>
<table class="lights">
<thead><tr><th class="num">{{labels.number}}</th><th>{{labels.control}}</th>{{#hasRiskAreas}}<th>{{labels.riskArea}}</th>{{/hasRiskAreas}}<th>{{labels.status}}</th></tr></thead>
<tbody>
{{#overview}}<tr class="{{light}}"><td class="num">{{number}}</td><td>{{title}}</td>{{#hasRiskAreas}}<td>{{riskArea}}</td>{{/hasRiskAreas}}<td class="light">{{{dot}}} {{standing}}</td></tr>
{{/overview}}
</tbody>
</table>
<p class="note">{{labels.lights}}</p>
</section>
<h2>{{labels.controls}}</h2>
{{#controls}}
<section class="control" id="{{controlId}}">
<div class="keep">
<h3>{{number}}. {{title}}</h3>
<p class="meta">{{area}}{{#method}} · {{labels.method}}: {{.}}{{/method}}{{#responsible}} · {{labels.responsible}}: {{.}}{{/responsible}}</p>
{{#withdrawn}}<p><em>{{.}}</em></p>{{/withdrawn}}
{{#changed}}<p class="changed">{{.}}</p>{{/changed}}
<p class="assessment {{assessmentClass}}">{{labels.assessment}}: {{assessment}}</p>
{{#hasFigures}}
<table>
<caption>{{labels.figures}}</caption>
<tbody>
{{#figures}}<tr><th scope="row">{{label}}</th><td class="num">{{text}}</td></tr>
{{/figures}}
</tbody>
</table>
{{/hasFigures}}
</div>
{{#hasPerformances}}
<table>
<caption>{{labels.performances}}</caption>
<tbody>
{{#performances}}<tr><th scope="row">{{label}}</th><td class="num">{{text}}</td></tr>
{{/performances}}
</tbody>
</table>
{{/hasPerformances}}
{{#hasResults}}{{#results}}<p>{{.}}</p>
{{/results}}{{/hasResults}}
{{#hasDeviations}}
<table>
<caption>{{labels.deviations}}</caption>
<thead><tr><th>{{labels.unit}}</th><th>{{labels.severity}}</th><th class="num">{{labels.recorded}}</th><th class="num">{{labels.open}}</th></tr></thead>
<tbody>
{{#deviations}}<tr><td>{{unit}}</td><td>{{severity}}</td><td class="num">{{recorded}}</td><td class="num">{{open}}</td></tr>
{{/deviations}}
</tbody>
</table>
{{#deviationTotal}}<p>{{.}}</p>{{/deviationTotal}}
{{/hasDeviations}}
{{#hasActionsTaken}}
<h4>{{labels.actionsTaken}}</h4>
<ul>
{{#actionsTaken}}<li>{{description}} <small>({{date}})</small></li>
{{/actionsTaken}}
</ul>
{{/hasActionsTaken}}
{{#hasActionsProposed}}
<h4>{{labels.actionsProposed}}</h4>
<ul>
{{#actionsProposed}}<li>{{description}}{{#owner}}<br><small>{{labels.owner}}: {{.}}</small>{{/owner}}{{#dueOn}}<small> · {{labels.dueOn}}: {{.}}</small>{{/dueOn}}{{#status}}<br><strong>{{labels.followUp}}: {{.}}</strong>{{/status}}{{#finding}} {{.}}{{/finding}}</li>
{{/actionsProposed}}
</ul>
{{/hasActionsProposed}}
{{#hasTrend}}
<div class="keep">
<h4>{{trendTitle}}</h4>
<div class="trend">
<figure>
{{{chart}}}
<figcaption>{{trendTitle}}</figcaption>
</figure>
<table>
<caption>{{trendTitle}}</caption>
<thead><tr><th>{{labels.bucket}}</th><th class="num">{{labels.performed}}</th><th class="num">{{labels.examined}}</th><th class="num">{{labels.deviating}}</th><th class="num">{{labels.rate}}</th></tr></thead>
<tbody>
{{#trend}}<tr><td>{{bucket}}</td><td class="num">{{performed}}</td><td class="num">{{examined}}</td><td class="num">{{deviating}}</td><td class="num">{{rate}}</td></tr>
{{/trend}}
</tbody>
</table>
</div>
</div>
{{/hasTrend}}
</section>
{{/controls}}
{{#hasOtherActions}}
<section class="control">
<h3>{{labels.otherActions}}</h3>
<ul>
{{#otherActions}}<li>{{description}}{{#dueOn}} <small>{{labels.dueOn}}: {{.}}</small>{{/dueOn}}{{#status}} <strong>{{.}}</strong>{{/status}}</li>
{{/otherActions}}
</ul>
</section>
{{/hasOtherActions}}
</main>
<footer class="report">
<h2>{{labels.footer}}</h2>
<p>{{footer}}</p>
{{#redacted}}<p>{{labels.redacted}}: {{.}}</p>{{/redacted}}
<p><code>ik verify --anchor {{anchor}}</code></p>
</footer>
</body>
</html>
"""#
}
