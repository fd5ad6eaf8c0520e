/**
 * The sandbox chat page: pick a person, chat with the bot, click card buttons and fill forms.
 * Plain HTML and a little script over the sandbox JSON API, so it needs no build step.
 */
export function sandboxPage(): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>督办助手 · 沙盒</title>
<style>
*{box-sizing:border-box}body{margin:0;font:15px/1.5 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f2f3f5;color:#1f2329}
header{position:sticky;top:0;background:#fff;border-bottom:1px solid #dee0e3;padding:8px 12px;display:flex;flex-wrap:wrap;gap:8px;align-items:center;z-index:2}
header h1{font-size:16px;margin:0 8px 0 0}select,input,textarea,button{font:inherit}select,input,textarea{border:1px solid #c9cdd4;border-radius:6px;padding:4px 8px;background:#fff}
button{border:1px solid #c9cdd4;border-radius:6px;padding:4px 12px;background:#fff;cursor:pointer}button.primary{background:#3370ff;border-color:#3370ff;color:#fff}button.danger{color:#f54a45;border-color:#f54a45}
main{max-width:760px;margin:0 auto;padding:12px 12px 96px}.msg{margin:10px 0;display:flex;flex-direction:column}.msg.me{align-items:flex-end}
.bubble{background:#fff;border-radius:8px;padding:8px 12px;max-width:100%;white-space:pre-wrap;box-shadow:0 1px 2px rgba(0,0,0,.06)}.me .bubble{background:#cfe0ff}
.meta{font-size:12px;color:#8f959e;margin:2px 4px}.card{background:#fff;border-radius:8px;overflow:hidden;width:100%;max-width:560px;box-shadow:0 1px 3px rgba(0,0,0,.1)}
.card h3{margin:0;padding:10px 14px;font-size:15px;color:#fff}.card .body{padding:10px 14px;display:flex;flex-direction:column;gap:8px}
.c-blue{background:#3370ff}.c-green{background:#34c724}.c-orange{background:#ff8800}.c-red{background:#f54a45}.c-grey{background:#8f959e}.c-purple{background:#7f3bf5}
.fields{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:6px 12px}.fields b{display:block;font-size:12px;color:#646a73;font-weight:normal}
.note{font-size:12px;color:#8f959e}.buttons{display:flex;flex-wrap:wrap;gap:6px}form.cardform{display:flex;flex-direction:column;gap:6px}form.cardform label{font-size:13px;color:#646a73}
.urgent{color:#f54a45;font-weight:bold}.bar{height:10px;background:#3370ff;border-radius:3px}
footer{position:fixed;bottom:0;left:0;right:0;background:#fff;border-top:1px solid #dee0e3;padding:8px;display:flex;gap:8px}footer input{flex:1}
#toast{position:fixed;top:60px;left:50%;transform:translateX(-50%);background:#1f2329;color:#fff;padding:8px 14px;border-radius:6px;display:none;z-index:3;max-width:90%}
</style></head><body>
<header><h1>督办助手 · 沙盒</h1>
<label>我是 <select id="who"></select></label>
<label>会话 <select id="chat"><option value="p2p">与机器人单聊</option></select></label>
<label>时钟 <input id="clock" type="datetime-local"></label><button id="setClock">设置</button><button id="runJobs">运行定时任务</button>
</header>
<div id="toast"></div>
<main id="log"></main>
<footer><input id="text" placeholder="输入命令，例如 /帮助" autocomplete="off"><button class="primary" id="send">发送</button></footer>
<script>
const $=s=>document.querySelector(s);let people=[],me=null;
const esc=s=>String(s??'').replace(/[&<>"]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
const md=s=>esc(s).replace(/\\*\\*(.+?)\\*\\*/g,'<b>$1</b>').replace(/\`(.+?)\`/g,'<code>$1</code>').replace(/^- /gm,'• ');
function toast(t){const el=$('#toast');el.textContent=t;el.style.display='block';clearTimeout(el._t);el._t=setTimeout(()=>el.style.display='none',3000)}
async function api(path,body){const r=await fetch('/sandbox/api'+path,body?{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify(body)}:{});const j=await r.json();if(!r.ok)throw new Error(j.error||r.statusText);return j}
function renderCard(card,messageId){
  const el=document.createElement('div');el.className='card';
  el.innerHTML='<h3 class="c-'+esc(card.colour)+'">'+esc(card.title)+'</h3><div class="body"></div>';
  const body=el.querySelector('.body');
  for(const b of card.blocks){let n=document.createElement('div');
    if(b.type==='markdown'){n.innerHTML=md(b.text).replace(/\\n/g,'<br>')}
    else if(b.type==='note'){n.className='note';n.textContent=b.text}
    else if(b.type==='divider'){n=document.createElement('hr')}
    else if(b.type==='fields'){n.className='fields';n.innerHTML=b.fields.map(f=>'<div><b>'+esc(f.label)+'</b>'+md(f.value)+'</div>').join('')}
    else if(b.type==='buttons'){n.className='buttons';for(const btn of b.buttons){const x=document.createElement('button');x.textContent=btn.label;x.className=btn.style||'';x.onclick=()=>act(messageId,{action:btn.action,...(btn.payload||{})},{});n.appendChild(x)}}
    else if(b.type==='form'){n=document.createElement('form');n.className='cardform';
      for(const i of b.inputs){const l=document.createElement('label');l.textContent=i.label+(i.required?' *':'');n.appendChild(l);let f;
        if(i.kind==='textarea'){f=document.createElement('textarea');f.rows=3}
        else if(i.kind==='select'){f=document.createElement('select');f.innerHTML='<option value=""></option>'+(i.options||[]).map(o=>'<option value="'+esc(o.value)+'">'+esc(o.label)+'</option>').join('')}
        else{f=document.createElement('input');f.type=i.kind==='date'?'date':'text'}
        f.name=i.name;if(i.placeholder)f.placeholder=i.placeholder;if(i.initial)f.value=i.initial;if(i.required)f.required=true;n.appendChild(f)}
      const s=document.createElement('button');s.className='primary';s.textContent=b.submit.label;n.appendChild(s);
      n.onsubmit=e=>{e.preventDefault();const form={};for(const [k,v] of new FormData(n))if(v!=='')form[k]=String(v);act(messageId,{action:b.submit.action,...(b.submit.payload||{})},form)}}
    else if(b.type==='chart'){n.innerHTML='<b>'+esc(b.title)+'</b>'+b.categories.map((c,i)=>'<div>'+esc(c)+' '+b.series.map(s=>esc(s.name)+' '+s.values[i]).join(' / ')+'</div>').join('')}
    body.appendChild(n)}
  return el}
function renderMessage(m,mine){const wrap=document.createElement('div');wrap.className='msg'+(mine?' me':'');
  if(m.message.kind==='card')wrap.appendChild(renderCard(m.message.card,m.messageId));else{const b=document.createElement('div');b.className='bubble';b.textContent=m.message.text;wrap.appendChild(b)}
  const meta=document.createElement('div');meta.className='meta';meta.innerHTML=(m.urgent?'<span class="urgent">加急</span> ':'')+(m.to&&m.to.type==='unit_chat'?'群聊 · ':'')+esc(new Date(m.sentAt).toLocaleString('zh-CN',{timeZone:'Asia/Shanghai'}));wrap.appendChild(meta);return wrap}
let sent=[];
async function refresh(){if(!me)return;const {messages}=await api('/inbox?as='+encodeURIComponent(me));const log=$('#log');log.innerHTML='';
  const items=[...messages.map(m=>({t:m.sentAt,m})),...sent.filter(s=>s.as===me).map(s=>({t:s.at,mine:s}))].sort((a,b)=>a.t<b.t?-1:1);
  for(const it of items)log.appendChild(it.mine?renderMessage({message:{kind:'text',text:it.mine.text},sentAt:it.mine.at},true):renderMessage(it.m,false));window.scrollTo(0,document.body.scrollHeight)}
async function act(messageId,value,form){try{const r=await api('/actions',{as:me,messageId,value,form});toast(r.toast.text);await refresh()}catch(e){toast(e.message)}}
async function send(){const text=$('#text').value.trim();if(!text)return;$('#text').value='';const {now}=await api('/clock');sent.push({as:me,text,at:now});
  try{await api('/messages',{as:me,chat:$('#chat').value,text})}catch(e){toast(e.message)}await refresh()}
$('#send').onclick=send;$('#text').onkeydown=e=>{if(e.key==='Enter')send()};
$('#who').onchange=()=>{me=$('#who').value;const p=people.find(x=>x.id===me);$('#chat').innerHTML='<option value="p2p">与机器人单聊</option><option value="'+esc(p.unit.id)+'">'+esc(p.unit.name)+'群</option>';refresh()};
$('#setClock').onclick=async()=>{const v=$('#clock').value;if(!v)return;try{const r=await api('/clock',{now:v+':00+08:00'});toast('时钟已设为 '+new Date(r.now).toLocaleString('zh-CN',{timeZone:'Asia/Shanghai'}))}catch(e){toast(e.message)}};
$('#runJobs').onclick=async()=>{try{const r=await api('/jobs/run',{});toast('已运行 '+r.jobs.length+' 个任务，发出 '+r.delivery.sent+' 条消息');await refresh()}catch(e){toast(e.message)}};
(async()=>{const r=await api('/people');people=r.people;$('#who').innerHTML=people.map(p=>'<option value="'+esc(p.id)+'">'+esc(p.name)+' · '+esc(p.unit.name)+' '+esc(p.post)+'</option>').join('');$('#who').onchange();
  const {now}=await api('/clock');const d=new Date(new Date(now).getTime()+8*3600e3);$('#clock').value=d.toISOString().slice(0,16);setInterval(refresh,4000)})();
</script></body></html>`;
}
