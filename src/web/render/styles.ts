/** Styles shared by the sandbox and the dashboard: base typography and the card look (Feishu-like). */
export const BASE_CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.55 -apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;background:#f2f3f5;color:#1f2329}
a{color:#245bdb}
button,input,select,textarea{font:inherit;color:inherit}
input,select,textarea{border:1px solid #c9cdd4;border-radius:6px;padding:6px 8px;background:#fff;max-width:100%}
input:focus,select:focus,textarea:focus{outline:2px solid #3370ff33;border-color:#3370ff}
.btn{border:1px solid #c9cdd4;border-radius:6px;padding:6px 14px;background:#fff;cursor:pointer;min-height:34px;line-height:1.2}
.btn:hover{background:#f5f6f7}.btn:disabled{opacity:.55;cursor:default}
.btn.primary{background:#3370ff;border-color:#3370ff;color:#fff}.btn.primary:hover{background:#245bdb}
.btn.danger{color:#f54a45;border-color:#f54a45}.btn.danger:hover{background:#fff0f0}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

export const CARD_CSS = `
.card{background:#fff;border-radius:10px;overflow:hidden;width:100%;max-width:560px;box-shadow:0 1px 3px rgba(31,35,41,.12);border:1px solid #e4e6eb}
.card-h{padding:10px 14px;font-weight:600;font-size:15px;color:#fff;word-break:break-all}
.c-blue .card-h{background:#3370ff}.c-green .card-h{background:#2ea121}.c-orange .card-h{background:#ed7b00}
.c-red .card-h{background:#e53935}.c-grey .card-h{background:#8f959e}.c-purple .card-h{background:#7f3bf5}
.card-b{padding:10px 14px 12px;display:flex;flex-direction:column;gap:10px}
.card hr{border:0;border-top:1px solid #e4e6eb;margin:0}
.md p{margin:0 0 4px}.md p:last-child{margin-bottom:0}.md ul,.md ol{margin:2px 0;padding-left:1.3em}.md li{margin:1px 0}
.md code{background:#f2f3f5;border-radius:4px;padding:0 4px;font-size:.92em;word-break:break-all}
.md.note{font-size:12px;color:#646a73}
.fields{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:6px 14px;margin:0}
.fields .field{min-width:0}.fields dt{font-size:12px;color:#646a73}.fields dd{margin:0;word-break:break-word;white-space:pre-line}
.buttons{display:flex;flex-wrap:wrap;gap:8px}
.card-form{display:flex;flex-direction:column;gap:8px;background:#f7f8fa;border-radius:8px;padding:10px}
.card-form .input{display:flex;flex-direction:column;gap:3px;font-size:13px;color:#646a73}
.card-form .input input,.card-form .input select,.card-form .input textarea{width:100%;color:#1f2329;font-size:15px}
.req{color:#f54a45;font-style:normal;margin-left:2px}
.chart{margin:0;max-width:600px}.chart figcaption{font-size:13px;font-weight:600;margin-bottom:4px}
@media (max-width:340px){.fields{grid-template-columns:minmax(0,1fr)}}
`;
