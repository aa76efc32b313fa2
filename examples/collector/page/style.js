// @ts-check
/**
 * The page's CSS, inlined. Grids use min(…, 100%) so nothing is wider than a
 * phone's screen, and long ids wrap instead of pushing the page sideways.
 */

/** The stylesheet. */
export const STYLE = `
*{box-sizing:border-box}html{-webkit-text-size-adjust:100%}
body{margin:0;font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f4f6fa;color:#1d2433;overflow-wrap:break-word}
code{overflow-wrap:anywhere}
header{padding:12px 20px;background:#fff;border-bottom:1px solid #dde3ec}
h1{font-size:20px;margin:0 0 8px}h1 small{font-weight:400;color:#7a8599;font-size:13px;margin-left:6px}
.filters{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(150px,100%),1fr));gap:8px 10px;align-items:end}
label{display:flex;flex-direction:column;font-size:11px;color:#5a6478;text-transform:uppercase;letter-spacing:.03em;min-width:0}
label.check{flex-direction:row;align-items:center;gap:6px;text-transform:none;font-size:13px;color:#1d2433}
input,select,button{font:inherit;font-size:14px;padding:5px 8px;border:1px solid #c5cdd9;border-radius:6px;background:#fff;min-width:0;width:100%;color:#1d2433}
input[type=checkbox]{width:auto}.more{grid-column:1/-1}.more summary{cursor:pointer;font-size:13px;color:#2f6fde}
.fields{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(150px,100%),1fr));gap:8px 10px;align-items:end;margin-top:8px}button{background:#2f6fde;color:#fff;border-color:#2f6fde;cursor:pointer}.reset{font-size:13px;align-self:center}
main{padding:14px 20px 32px;max-width:1500px}.error{background:#fde8ec;color:#a4203f;padding:8px 12px;border-radius:6px}
.totals{margin:0 0 4px;color:#4a5468}.totals b{font-size:18px;color:#1d2433}.goal{margin:0 0 14px;color:#4a5468}
[title]{text-decoration-line:underline;text-decoration-style:dotted;text-decoration-color:#b5bdcb;text-underline-offset:3px;cursor:help}
.columns{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(210px,100%),1fr));gap:12px}
.phase{background:#fff;border-radius:10px;border-top:5px solid var(--c);padding:12px 14px;box-shadow:0 1px 2px #0001;min-width:0}
.phase h3{margin:0 0 4px;font-size:16px;color:var(--c)}.reached{margin:0;font-size:13px}.reached b{font-size:24px;color:#1d2433}
.here{margin:2px 0 8px;color:#6a7488;font-size:12.5px}
.touchpoints{list-style:none;margin:0 0 8px;padding:0}.touchpoints li{position:relative;display:flex;justify-content:space-between;gap:8px;padding:3px 6px;margin:2px 0;font-size:13px;z-index:0}
.touchpoints .bar{position:absolute;left:0;top:0;bottom:0;background:color-mix(in srgb,var(--c) 14%,transparent);border-radius:4px;z-index:-1}
.touchpoints li.bad{color:#a4203f;font-weight:600}.touchpoints li.bad .bar{background:#fbd5de}
.flag{color:#a4203f;background:#fde8ec;border-radius:6px;padding:4px 8px;margin:6px 0;font-size:13px}.worst{outline:2px solid #e0567a}
.stops,.after,.money{font-size:13px;color:#4a5468;margin:6px 0}.next{font-size:13px;margin:6px 0 0;color:#3a4458;border-top:1px dashed #dde3ec;padding-top:6px}
.row{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(380px,100%),1fr));gap:12px;margin-top:12px}
.compare{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(420px,100%),1fr));gap:12px}
.card{background:#fff;border-radius:10px;padding:12px 16px;box-shadow:0 1px 2px #0001;min-width:0}.card h2{font-size:15px;margin:0 0 10px}
.csv{font-size:12px;font-weight:400;margin-left:6px}.sub{font-size:13px;margin:12px 0 6px}
.funnel,.histogram,.trend{list-style:none;margin:0;padding:0}
.funnel li{display:grid;grid-template-columns:minmax(80px,7em) 1fr minmax(3em,auto);gap:2px 10px;align-items:center;margin:6px 0}
.funnel .label{font-size:14px}.funnel b{font-size:14px;text-align:right}.funnel .conv{grid-column:2/4;font-size:12.5px;color:#5a6478}
.track{position:relative;display:block;height:26px;background:#eef1f6;border-radius:4px;overflow:hidden}
.track .fill{position:absolute;left:0;top:0;bottom:0;background:var(--c,#2f6fde);border-radius:4px}
.histogram li{display:grid;grid-template-columns:5.5em 1fr 3.5em;gap:8px;align-items:center;margin:4px 0;font-size:13px}.histogram .track{height:16px}.histogram b{text-align:right}
.trend li{margin:4px 0}.trend .label{font-size:13px}.trend svg{display:block;width:100%;height:34px;background:#f7f8fb;border-radius:4px}
.axis{display:flex;justify-content:space-between;gap:8px;font-size:12px;color:#6a7488;margin:4px 0 0}
ul.friction{margin:0;padding:0;list-style:none}ul.friction li{padding:5px 8px;margin:4px 0;border-radius:6px;background:#f4f6fa;font-size:13px}
.paths{margin:0;padding-left:20px;font-size:13px}.paths li{margin:3px 0}.paths code{font-size:12px;background:#f1f3f8;border-radius:4px;padding:0 4px}
.scroll{overflow-x:auto}table.attribution{width:100%;border-collapse:collapse}
table.attribution td,table.attribution th{text-align:left;padding:5px 6px;border-bottom:1px solid #eef1f6;font-size:13px;vertical-align:top}
table.attribution td:first-child{position:relative;width:40%}table.attribution td:not(:first-child){white-space:nowrap}.attribution .bar{display:block;height:5px;margin-top:3px;background:#2f6fde;border-radius:3px}
.timeline{margin:0;padding-left:20px;font-size:13px}.timeline li{margin:6px 0}.timeline time{color:#4a5468;font-variant-numeric:tabular-nums}
.pill{background:#eef1f6;border-radius:9px;padding:0 7px}.path{font-size:12px}.props{color:#1d6b4a}.user{font-weight:600;color:#1d2433}
small{font-size:max(11px,.85em)}
.recent{margin:0;padding-left:18px;font-size:13px}.recent li{margin:4px 0}.none{color:#8a93a5}.foot{color:#6a7488;font-size:12.5px;margin-top:16px}
.legend{margin-top:12px}.legend summary{font-weight:600;cursor:pointer}.legend dl{margin:8px 0 0;font-size:13px;columns:3 300px;column-gap:28px}.legend dt{break-after:avoid}.legend dd{break-inside:avoid}.legend dt{font-weight:600;margin-top:8px}.legend dd{margin:2px 0 0;color:#3a4458}
@media (max-width:520px){header,main{padding-left:12px;padding-right:12px}.card{padding:10px 12px}}
`
