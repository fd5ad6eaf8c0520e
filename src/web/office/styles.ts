/** The dashboard's layout: a page of sections, tables that turn into stacked rows on a phone. */
export const OFFICE_CSS = `
.bar{background:#1f2329;color:#fff;padding:8px 14px;display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center;position:sticky;top:0;z-index:5}
.bar h1{font-size:16px;margin:0}.bar a{color:#c9d7ff;text-decoration:none}.bar nav{display:flex;gap:12px;flex-wrap:wrap;font-size:14px}
.bar .me{margin-left:auto;display:flex;gap:8px;align-items:center;font-size:13px}.bar .me form{margin:0}
.bar .btn{background:transparent;color:#fff;border-color:#646a73;min-height:28px;padding:2px 10px}
.page{max-width:1180px;margin:0 auto;padding:12px}
section.panel{background:#fff;border-radius:10px;border:1px solid #e4e6eb;padding:12px 14px;margin:0 0 14px}
section.panel>h2{font-size:16px;margin:0 0 10px;display:flex;gap:8px;align-items:baseline;flex-wrap:wrap}
section.panel>h2 small{font-weight:normal;color:#8f959e;font-size:12px}
.muted{color:#8f959e}.note{font-size:12px;color:#646a73}
.error-box{background:#fff0f0;border:1px solid #f54a45;color:#a8071a;border-radius:8px;padding:8px 12px;margin:0 0 10px}
.done-box{background:#f0fbef;border:1px solid #34c724;color:#186f0f;border-radius:8px;padding:8px 12px;margin:0 0 10px}
.urge{display:flex;flex-wrap:wrap;align-items:center;gap:8px;margin:0 0 10px}
.tiles{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:8px;margin-bottom:10px}
.tile{display:block;border:1px solid #e4e6eb;border-radius:8px;padding:8px 10px;text-decoration:none;color:#1f2329;background:#f7f8fa}
.tile b{display:block;font-size:22px}.tile.on{border-color:#3370ff;background:#e1eaff}
.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:8px;align-items:end;margin-bottom:10px}
.filters label{display:flex;flex-direction:column;font-size:12px;color:#646a73;gap:2px}
.filters select,.filters input{width:100%;font-size:14px;color:#1f2329}
.filters .actions{display:flex;gap:6px;flex-wrap:wrap}
.search{display:flex;flex-wrap:wrap;gap:6px;margin:0 0 10px}.search input{flex:1 1 140px;min-width:0;font-size:15px;min-height:34px}.search .error-box{flex-basis:100%;margin:0}
#search-results{border:1px solid #e1eaff;background:#f5f8ff;border-radius:8px;padding:8px 12px;margin:0 0 12px}#search-results>p{margin:0 0 6px}
ol.hits{margin:0;padding-left:1.6em}ol.hits li{padding:6px 0;border-bottom:1px solid #e4e6eb}ol.hits li:last-child{border-bottom:0}
ol.hits mark,#documents-table mark{background:#ffe58f;color:inherit;padding:0 1px;border-radius:2px}.snippet{font-size:13px;color:#1f2329;margin-top:2px;word-break:break-all}
.pager{display:flex;gap:10px;align-items:center;margin-top:8px}
.exports{display:flex;gap:8px;flex-wrap:wrap;align-items:center;margin:0 0 10px}
a.btn{text-decoration:none;display:inline-flex;align-items:center;color:#1f2329}a.btn.primary{color:#fff}
table.grid{width:100%;border-collapse:collapse;font-size:14px}
table.grid th,table.grid td{border-bottom:1px solid #e4e6eb;padding:6px 8px;text-align:left;vertical-align:top}
table.grid th{background:#f7f8fa;font-weight:600;font-size:13px;color:#646a73;white-space:nowrap}
table.grid td.num,table.grid th.num{text-align:right;font-variant-numeric:tabular-nums}
table.grid tr.total td{font-weight:600;background:#f7f8fa}
.light{white-space:nowrap}
.nowrap{white-space:nowrap}
.bulletin-body{display:grid;grid-template-columns:minmax(0,560px) minmax(0,1fr);gap:16px;align-items:start;margin-bottom:8px}
.two{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:14px}
.two>section.panel{margin:0 0 14px}
.login{max-width:560px;margin:24px auto;padding:0 12px}
.people{list-style:none;padding:0;margin:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:6px}
.people button{width:100%;text-align:left;display:flex;flex-direction:column;border:1px solid #dee0e3;border-radius:8px;padding:6px 10px;background:#fff;cursor:pointer}
.people button span{font-size:12px;color:#646a73}
.unit-title{font-size:13px;color:#646a73;margin:12px 0 4px}
.message-page{max-width:560px;margin:40px auto;padding:0 12px}
.attachments{list-style:none;padding:0;margin:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
.attachments li{display:flex;flex-direction:column;gap:4px;min-width:0}
.attachments a{display:flex;flex-direction:column;gap:4px;text-decoration:none;min-width:0}
.attachments img{width:96px;height:96px;object-fit:cover;border-radius:6px;border:1px solid #e4e6eb;background:#f7f8fa}
.attachments .file-icon{width:96px;height:96px;display:flex;align-items:center;justify-content:center;font-size:40px;border-radius:6px;border:1px solid #e4e6eb;background:#f7f8fa}
.attachments .file-name{overflow-wrap:anywhere}
.message-page h1{font-size:20px}
.page .card{max-width:none}
@media (max-width:760px){
  .two{grid-template-columns:minmax(0,1fr)}
  .bulletin-body{grid-template-columns:minmax(0,1fr)}
  .tiles{grid-template-columns:repeat(2,minmax(0,1fr))}
  .bar .me{margin-left:0}
  table.stack thead{display:none}
  table.stack tr{display:block;border:1px solid #e4e6eb;border-radius:8px;margin:0 0 8px;padding:4px 8px}
  table.stack td{display:flex;gap:8px;border:0;padding:3px 0}
  table.stack td::before{content:attr(data-label);flex:0 0 5.5em;color:#8f959e;font-size:12px;padding-top:2px}
  table.stack td.num{text-align:left}
}
`;
