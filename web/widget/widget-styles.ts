/**
 * The widget's stylesheet, inside its shadow root. Rules: `:host` resets everything with
 * `!important` (inside a shadow tree, important declarations beat the host page's, even its own
 * important ones), so hostile page CSS can neither hide nor restyle the element; colours keep
 * a contrast of at least 4.5:1; focus is always visible.
 */
export const WIDGET_CSS = `
:host{all:initial!important;display:block!important;position:fixed!important;right:16px!important;bottom:16px!important;
z-index:2147483000!important;visibility:visible!important;opacity:1!important;width:auto!important;height:auto!important;
font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif!important;color:#111827!important;contain:layout style}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
button,input,textarea{font:inherit;color:inherit}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.launcher{display:flex;align-items:center;gap:8px;margin-left:auto;border:0;border-radius:999px;padding:12px 18px;
background:#1d4ed8;color:#fff;font-weight:600;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25)}
.launcher:hover{background:#1e40af}
.panel{display:flex;flex-direction:column;width:min(360px,calc(100vw - 32px));height:min(540px,calc(100vh - 96px));
margin-bottom:12px;background:#fff;border:1px solid #d1d5db;border-radius:12px;overflow:hidden;box-shadow:0 10px 30px rgba(0,0,0,.3)}
.head{display:flex;align-items:center;justify-content:space-between;padding:10px 14px;background:#1d4ed8;color:#fff}
.head h2{margin:0;font-size:16px}
.icon{border:0;background:transparent;color:#fff;font-size:20px;line-height:1;cursor:pointer;padding:4px 8px;border-radius:6px}
.body{flex:1;display:flex;flex-direction:column;gap:10px;padding:14px;overflow:auto}
.status{margin:0;color:#374151}
.status strong{color:#111827}
form{display:flex;flex-direction:column;gap:8px}
label{display:flex;flex-direction:column;gap:4px;font-weight:600;font-size:14px}
input,textarea{border:1px solid #6b7280;border-radius:6px;padding:8px;background:#fff;font-weight:400}
textarea{min-height:70px;resize:vertical}
.primary{border:0;border-radius:6px;padding:10px 14px;background:#1d4ed8;color:#fff;font-weight:600;cursor:pointer}
.primary:disabled{background:#6b7280;cursor:default}
.secondary{border:1px solid #1d4ed8;border-radius:6px;padding:8px 12px;background:#fff;color:#1d4ed8;font-weight:600;cursor:pointer}
.error{margin:0;color:#b91c1c;font-weight:600}
.log{flex:1;display:flex;flex-direction:column;gap:6px;overflow:auto;margin:0;padding:0;list-style:none}
.msg{max-width:85%;padding:8px 10px;border-radius:10px;white-space:pre-wrap;word-wrap:break-word}
.msg .who{display:block;font-size:12px;font-weight:700}
.msg.me{align-self:flex-end;background:#1d4ed8;color:#fff}
.msg.agent{align-self:flex-start;background:#f3f4f6;color:#111827}
.msg.system{align-self:center;background:transparent;color:#374151;font-style:italic;font-size:13px}
.typing{min-height:1.4em;margin:0;color:#374151;font-size:13px}
.chat{flex:1;display:flex;flex-direction:column;gap:8px;min-height:0}
.composer{display:flex;flex-direction:row;gap:6px;align-items:flex-end}
.composer textarea{flex:1;min-height:40px;height:40px}
.row{display:flex;gap:8px;flex-wrap:wrap}
.ended{display:flex;flex-direction:column;gap:10px;align-items:flex-start}
.ended form{align-self:stretch}
fieldset{border:0;margin:0;padding:0;display:flex;gap:6px;flex-wrap:wrap}
legend{font-weight:600;margin-bottom:6px}
.star{display:flex;flex-direction:row;align-items:center;gap:4px;font-weight:400}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;
