"""The stylesheet of the HTML report (`provenance.report`): screen and print."""

CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;padding:1em 1.5em;max-width:1320px;
color:#222;background:#fafafa}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin:1.6em 0 .5em}
a{color:#1a5fb4}.summary{font-size:1.05em;margin:.2em 0 1em}
table{border-collapse:collapse;background:#fff}td,th{border:1px solid #ddd;padding:2px 8px;
text-align:left;vertical-align:top}th{background:#f0f0f0;font-weight:600}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.index{width:100%}.index td{max-width:38em}.index tr:nth-child(even) td{background:#f7f7f7}.nowrap{white-space:nowrap}
.legend{position:sticky;top:0;z-index:1;background:#fafafa;padding:.35em 0;margin:0;
border-bottom:1px solid #e4e4e4;font-size:.92em}.legend mark{padding:0 .3em}
details.wire{background:#fff;border:1px solid #ddd;border-radius:6px;margin:.6em 0}
details.wire>summary{cursor:pointer;padding:.45em .8em;font-weight:600;list-style-position:outside}
details.wire[open]>summary{border-bottom:1px solid #eee}
.rank{display:inline-block;min-width:1.8em;color:#777}.gmeta{font-weight:400;color:#555}
.gbody{padding:.3em 1em 1em}.gid{color:#555;margin:.3em 0}
.overview{display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start;margin:.5em 0}
.members td{font-size:.92em}.members td.t{max-width:26em}
.num{display:inline-block;min-width:1.3em;padding:0 .25em;border-radius:3px;background:#456;
color:#fff;font-size:.85em;font-weight:700;text-align:center}.origin .num,tr.origin .num{background:#2a7}
.bar{display:inline-block;width:5em;height:.6em;background:#eee;vertical-align:middle;margin-right:.3em}
.bar>span{display:block;height:100%;background:#c63}
.cols{display:grid;gap:.75em;grid-template-columns:repeat(auto-fill,minmax(26em,1fr))}
.member{border:1px solid #ddd;border-radius:4px;padding:.5em;min-width:0}
.member.origin{border:2px solid #2a7}.meta{color:#444;font-size:.9em}.ttl{font-style:italic}
.text{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.92em;max-height:24em;overflow:auto;
margin-top:.3em}
mark.exact{background:#ffd54f}mark.para{background:#a9d8ff}
sup.ref{font-size:.7em;font-weight:700;color:#555;margin:0 .1em}sup.ref a{text-decoration:none}
.err{color:#a00}.muted{color:#777}.badurl{color:#777;overflow-wrap:anywhere}
.url{overflow-wrap:anywhere;font-size:.9em}
svg.timeline{background:#fcfcfc;border:1px solid #eee;font:11px system-ui,sans-serif;flex:none}
svg .axis,svg .tick{stroke:#888}svg .row{stroke:#eee}svg .sep{stroke:#ccc;stroke-dasharray:3 3}svg .tickl{fill:#666;font-size:10px}
svg .arr{fill:none;stroke:#999}svg .arrh{fill:#999}svg .mem{fill:#c63}
svg .orig{fill:#2a7;stroke:#135;stroke-width:2}svg .n{font-weight:700}
details.run,details.errors{margin:1em 0}details.run>summary,details.errors>summary{cursor:pointer;
font-weight:600}
@media print{
body{max-width:none;margin:0;padding:0;font-size:9pt;background:#fff}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
a{color:inherit;text-decoration:none}.legend{position:static;border:0}
h2{break-after:avoid}table.index td,table.index th{padding:0 4px}tr,summary,.meta{break-inside:avoid}summary{break-after:avoid}
details.wire{border:0;border-top:1px solid #bbb;border-radius:0;margin:0}
details.wire>summary{padding:.15em 0}.gbody{padding:0 0 .5em}
@page{margin:1.2cm}.cols{display:block;columns:2;column-gap:1.5em}
.member{border:0;border-top:1px dotted #bbb;border-radius:0;padding:.2em 0;break-inside:auto}
.member.origin{border:0;border-top:2px solid #2a7}
.text{max-height:none;overflow:visible;font-size:7.5pt;line-height:1.25}
}
"""
