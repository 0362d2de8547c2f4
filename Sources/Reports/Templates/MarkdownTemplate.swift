/// The committee report as Markdown, for pasting into documents and for diffing in review.
enum MarkdownTemplate {
    static let text = #"""
{{% CONTENT_TYPE: MARKDOWN}}
# {{title}}

| | |
|---|---|
| {{labels.organisation}} | {{organisation}} |
| {{labels.plan}} | {{plan}} |
| {{labels.reportedTo}} | {{reportedTo}} |
| {{labels.period}} | {{period}} |
| {{labels.reportDate}} | {{reportDate}} |
{{#preparedBy}}
| {{labels.preparedBy}} | {{.}} |
{{/preparedBy}}
{{#approvedBy}}
| {{labels.approvedBy}} | {{.}} |
{{/approvedBy}}
{{#paperSummary}}

## {{labels.paperSummary}}

{{.}}
{{/paperSummary}}
{{#hasProposedDecisions}}

## {{labels.proposedDecisions}}

{{#proposedDecisions}}
1. {{.}}
{{/proposedDecisions}}
{{/hasProposedDecisions}}

## {{labels.summary}}

{{summaryText}}
{{#changedNote}}

> **{{.}}**
{{/changedNote}}

| | |
|---|---:|
{{#summary}}
| {{label}} | {{text}} |
{{/summary}}

## {{labels.overview}}

| {{labels.number}} | {{labels.control}} |{{#hasRiskAreas}} {{labels.riskArea}} |{{/hasRiskAreas}} {{labels.status}} |
|---:|---|{{#hasRiskAreas}}---|{{/hasRiskAreas}}---|
{{#overview}}
| {{number}} | {{title}} |{{#hasRiskAreas}} {{riskArea}} |{{/hasRiskAreas}} {{lightWord}}: {{standing}} |
{{/overview}}

{{labels.lights}}
{{#hasRiskMatrix}}

### {{labels.riskMatrix}}

{{labels.riskMatrixCaption}}.

| {{labels.likelihoodByConsequence}} |{{#riskColumns}} {{.}} |{{/riskColumns}}
|---|---|---|---|---|
{{#riskRows}}
| {{likelihood}} |{{#cells}} {{.}} |{{/cells}}
{{/riskRows}}

{{#riskLegend}}
- {{label}}: {{text}}
{{/riskLegend}}
{{/hasRiskMatrix}}

## {{labels.controls}}
{{#controls}}

### {{number}}. {{title}}

{{area}}{{#method}} · {{labels.method}}: {{.}}{{/method}}{{#responsible}} · {{labels.responsible}}: {{.}}{{/responsible}}
{{#withdrawn}}

*{{.}}*
{{/withdrawn}}
{{#changed}}

> **{{.}}**
{{/changed}}

**{{labels.assessment}}: {{assessment}}**
{{#hasFigures}}

| {{labels.figures}} | |
|---|---:|
{{#figures}}
| {{label}} | {{text}} |
{{/figures}}
{{/hasFigures}}
{{#hasPerformances}}

| {{labels.performances}} | |
|---|---:|
{{#performances}}
| {{label}} | {{text}} |
{{/performances}}
{{/hasPerformances}}
{{#hasResults}}
{{#results}}

{{.}}
{{/results}}
{{/hasResults}}
{{#hasDeviations}}

| {{labels.unit}} | {{labels.severity}} | {{labels.recorded}} | {{labels.open}} |
|---|---|---:|---:|
{{#deviations}}
| {{unit}} | {{severity}} | {{recorded}} | {{open}} |
{{/deviations}}
{{#deviationTotal}}

{{.}}
{{/deviationTotal}}
{{/hasDeviations}}
{{#hasActionsTaken}}

#### {{labels.actionsTaken}}

{{#actionsTaken}}
- {{description}} ({{date}})
{{/actionsTaken}}
{{/hasActionsTaken}}
{{#hasActionsProposed}}

#### {{labels.actionsProposed}}

{{#actionsProposed}}
- {{description}}{{#owner}} — {{labels.owner}}: {{.}}{{/owner}}{{#dueOn}}, {{labels.dueOn}}: {{.}}{{/dueOn}}{{#status}}. {{labels.followUp}}: {{.}}{{/status}}{{#finding}} {{.}}{{/finding}}
{{/actionsProposed}}
{{/hasActionsProposed}}
{{#hasTrend}}

#### {{trendTitle}}

| {{labels.bucket}} | {{labels.performed}} | {{labels.examined}} | {{labels.deviating}} | {{labels.rate}} |
|---|---:|---:|---:|---:|
{{#trend}}
| {{bucket}} | {{performed}} | {{examined}} | {{deviating}} | {{rate}} |
{{/trend}}
{{/hasTrend}}
{{/controls}}
{{#hasOtherActions}}

### {{labels.otherActions}}

{{#otherActions}}
- {{description}}{{#dueOn}}, {{labels.dueOn}}: {{.}}{{/dueOn}}{{#status}}. {{.}}{{/status}}
{{/otherActions}}
{{/hasOtherActions}}

---

**{{labels.footer}}.** {{footer}}
{{#redacted}}

{{labels.redacted}}: {{.}}
{{/redacted}}

`ik verify --anchor {{anchor}}`
"""#
}
