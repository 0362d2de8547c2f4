/// The committee report as Markdown, for pasting into documents and for diffing in review.
enum MarkdownTemplate {
    static let text = #"""
{{% CONTENT_TYPE: TEXT}}
# {{title}}

| | |
|---|---|
| {{labels.organisation}} | {{organisation}} |
| {{labels.controlArea}} | {{controlArea}} |
| {{labels.reportedTo}} | {{reportedTo}} |
| {{labels.period}} | {{period}} |
| {{labels.reportDate}} | {{reportDate}} |

## {{labels.summary}}

{{summaryText}}

| | |
|---|---:|
{{#summary}}
| {{label}} | {{text}} |
{{/summary}}

## {{labels.controls}}
{{#controls}}

### {{number}}. {{title}}

{{area}}{{#method}} · {{labels.method}}: {{.}}{{/method}}{{#responsible}} · {{labels.responsible}}: {{.}}{{/responsible}}
{{#withdrawn}}

*{{.}}*
{{/withdrawn}}

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
