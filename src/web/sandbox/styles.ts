/** The sandbox page's layout: a chat column that reads well from a 360 px phone up. */
export const SANDBOX_CSS = `
.muted{color:#8f959e}
.top{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid #dee0e3;padding:6px 10px 6px;display:flex;flex-direction:column;gap:6px}
.top .row{display:flex;align-items:center;justify-content:space-between;gap:8px}
.top h1{font-size:16px;margin:0;white-space:nowrap}
.who{border:1px solid #c9cdd4;background:#f7f8fa;border-radius:18px;padding:4px 12px;cursor:pointer;max-width:68%;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.who span{color:#646a73;font-size:13px}
.tabs{display:flex;gap:4px;align-items:center;overflow-x:auto}
.tab{padding:4px 10px;border-radius:14px;text-decoration:none;color:#1f2329;white-space:nowrap;font-size:14px;position:relative}
.tab.on{background:#e1eaff;color:#245bdb;font-weight:600}
.badge{display:inline-block;min-width:18px;padding:0 5px;margin-left:4px;border-radius:9px;background:#f54a45;color:#fff;font-size:11px;line-height:18px;text-align:center}
.office-link{margin:0 0 0 auto}
.btn.small{padding:3px 10px;min-height:28px;font-size:13px}
.clock{position:relative;display:flex;flex-wrap:wrap;align-items:center;gap:4px 8px;font-size:13px;background:#f7f8fa;border-radius:8px;padding:4px 8px}
.clock-now b{font-weight:600}
.clock-actions{display:flex;flex-wrap:nowrap;gap:4px;align-items:center;max-width:100%}
.clock-actions .btn.small{padding:3px 8px;white-space:nowrap}
@media (max-width:480px){.clock-prefix{display:none}.top h1 .muted{display:none}}
.clock-more summary{list-style:none;display:inline-block}.clock-more summary::-webkit-details-marker{display:none}
.clock-more[open] form{position:absolute;z-index:6;top:calc(100% + 4px);left:0;right:0;background:#fff;border:1px solid #dee0e3;border-radius:8px;padding:8px;display:flex;gap:6px;box-shadow:0 4px 12px rgba(0,0,0,.12)}
.clock-more[open] input{flex:1;min-width:0;font-size:16px}
main{max-width:760px;margin:0 auto;padding:10px 10px 150px;display:flex;flex-direction:column}
.msg{margin:8px 0;display:flex;flex-direction:column;align-items:flex-start;max-width:100%}
.msg.me{align-items:flex-end}
.msg .meta{font-size:12px;color:#8f959e;margin:0 4px 3px;display:flex;gap:6px;align-items:center}
.bubble{background:#fff;border-radius:10px;padding:8px 12px;max-width:88%;box-shadow:0 1px 2px rgba(0,0,0,.06);word-break:break-word}
.bubble.file{display:flex;align-items:center;gap:10px}
.file-icon{flex:none;background:#1f7a44;color:#fff;font-size:11px;font-weight:600;border-radius:6px;padding:10px 6px}
.file-name{flex:1;display:flex;flex-direction:column}
.file-name small{color:#8f959e}
.file-download{flex:none;background:#3370ff;color:#fff;border-radius:6px;padding:6px 12px;text-decoration:none}
.me .bubble{background:#cfe0ff;white-space:pre-wrap}
.msg.urgent .card,.msg.urgent .bubble{box-shadow:0 0 0 2px #f54a45}
.tag-urgent{background:#f54a45;color:#fff;border-radius:4px;padding:0 5px;font-size:11px;line-height:17px}
.flash .card,.flash .bubble{animation:flash 1.2s ease-out}
@keyframes flash{from{box-shadow:0 0 0 3px #ffc60a}to{box-shadow:0 1px 3px rgba(31,35,41,.12)}}
.empty{text-align:center;margin:40px 16px}
.composer-wrap{position:fixed;left:0;right:0;bottom:0;background:#fff;border-top:1px solid #dee0e3;padding:6px 8px calc(8px + env(safe-area-inset-bottom));z-index:4}
.chips{display:flex;gap:6px;overflow-x:auto;padding-bottom:6px;max-width:760px;margin:0 auto}
.chip{border:1px solid #dee0e3;background:#f7f8fa;border-radius:14px;padding:2px 10px;font-size:13px;white-space:nowrap;cursor:pointer}
#composer{display:flex;gap:8px;max-width:760px;margin:0 auto}#composer input{flex:1;min-width:0;font-size:16px}
#composer .attach{display:inline-flex;align-items:center;white-space:nowrap;cursor:pointer}
.toast{position:fixed;left:50%;top:12px;transform:translateX(-50%);max-width:92%;background:#1f2329;color:#fff;padding:8px 14px;border-radius:8px;z-index:20;display:none;box-shadow:0 4px 12px rgba(0,0,0,.2)}
.toast.show{display:block}.toast.success{background:#2ea121}.toast.error{background:#e53935}.toast.warning{background:#ed7b00}
.picker{position:fixed;inset:0;background:rgba(31,35,41,.45);z-index:30;display:flex;justify-content:center;align-items:flex-start}
.picker[hidden]{display:none}
.picker-panel{background:#fff;width:100%;max-width:520px;max-height:100vh;display:flex;flex-direction:column;padding:10px 12px;gap:8px;border-radius:0 0 12px 12px}
.picker-head{display:flex;justify-content:space-between;align-items:center}.picker-head h2{font-size:16px;margin:0}
#picker-q{width:100%;font-size:16px}
.picker-list{overflow-y:auto;flex:1}
.unit-group h3{font-size:13px;color:#646a73;margin:10px 0 4px;display:flex;gap:6px;align-items:baseline}.unit-group h3 small{font-weight:normal;color:#8f959e}
.unit-group ul{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:6px}
.person{display:flex;flex-direction:column;padding:6px 10px;border:1px solid #dee0e3;border-radius:8px;text-decoration:none;color:#1f2329}
.person span{font-size:12px;color:#646a73}.person.current{border-color:#3370ff;background:#e1eaff}
.unit-group li[hidden],.unit-group[hidden]{display:none}
`;
