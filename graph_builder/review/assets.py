"""The inline CSS and scripts of the review pages (no network: every page is self-contained)."""

CSS = """
:root{--bg:#fff;--fg:#1b1b1b;--muted:#666;--line:#ddd}
*{box-sizing:border-box}
body{margin:0;font:15px/1.6 "Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","PingFang SC",
"Microsoft YaHei",system-ui,sans-serif;color:var(--fg);background:var(--bg)}
header{padding:8px 16px;border-bottom:1px solid var(--line);background:#f7f7f7}
header h1{font-size:17px;margin:0 0 2px}
header .meta{color:var(--muted);font-size:13px}
.legend{display:flex;flex-wrap:wrap;gap:4px 12px;font-size:12px;margin-top:4px}
.legend span{display:inline-flex;align-items:center;gap:4px}
.sw{display:inline-block;width:12px;height:12px;border-radius:2px;flex:none;border:1px solid rgba(0,0,0,.2)}
body.page{display:flex;flex-direction:column;height:100vh;overflow:hidden}
body.page main{flex:1;min-height:0;display:grid;grid-template-columns:minmax(0,1.1fr) minmax(0,1fr)}
#text{overflow:auto;padding:12px 20px;white-space:pre-wrap;word-break:break-word;border-right:1px solid var(--line);
font-size:16px;line-height:1.9}
#facts{overflow:auto;padding:8px 16px 40px}
.ev{border-bottom:2px solid var(--c,#999);background:var(--b,transparent);cursor:pointer;border-radius:2px}
.ev.sent{border-bottom:2px dotted #777}
.ev.sent.ent{border-bottom:2px solid var(--c)}
.ev.sel{background:#ffe066;border-bottom:3px solid #e8590c}
.ev.hot{outline:1px dashed #333}
h2{font-size:15px;margin:14px 0 4px;border-bottom:1px solid var(--line)}
h2 small{color:var(--muted);font-weight:normal}
ul.fl{list-style:none;margin:0;padding:0}
ul.fl ul.fl{margin-left:18px;border-left:2px solid #eee;padding-left:6px}
.fact{padding:3px 6px;margin:2px 0;border-radius:4px;cursor:pointer;border:1px solid transparent}
.fact:hover,.fact.hot{background:#f1f3f5}
.fact.sel{border-color:#e8590c;background:#fff4e6}
.fact .nm{font-weight:600}
.fact .cl{font-size:12px;color:#fff;background:#555;border-radius:3px;padding:0 4px;margin-left:4px}
.fact .lb,.fact .ir,.fact .xx{font-size:12px;color:var(--muted)}
.fact .ir{font-family:ui-monospace,monospace;word-break:break-all}
.fact .xx b{font-weight:normal;color:#333}
.fact .nosp{font-size:12px;color:#a61e4d}
.fact .cx{font-size:12px;color:#7a4b00;border:1px solid #c98a1b;border-radius:3px;padding:0 4px;margin-left:4px}
.fd{font-size:12px;margin:2px 0 0;padding-left:16px}
.fd li.Violation{color:#c92a2a}.fd li.Warning{color:#b35c00}.fd li.Info{color:#1c7ed6}
.fact.flag-Violation{border-left:4px solid #c92a2a}.fact.flag-Warning{border-left:4px solid #f08c00}
.st-Violation{color:#c92a2a;font-weight:600}.st-ok{color:#2b8a3e;font-weight:600}
#hover{position:fixed;bottom:0;left:0;right:0;background:#222;color:#fff;font-size:13px;padding:3px 10px;
min-height:1.6em;opacity:.92}
#hover:empty{display:none}
table{border-collapse:collapse;font-size:14px;margin:12px 16px}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{cursor:pointer;background:#f1f3f5;user-select:none}
th.asc::after{content:" ▲"}th.desc::after{content:" ▼"}
td.n{text-align:right}
"""

PAGE_JS = """
(function(){
var hover=document.getElementById('hover');
function facts(ids){return ids.split(' ').map(function(i){return document.getElementById(i)}).filter(Boolean)}
function spansOf(id){return document.querySelectorAll('#text .ev[data-f~="'+id+'"]')}
var turn={};
function select(id,scroll){
  document.querySelectorAll('.sel').forEach(function(e){e.classList.remove('sel')});
  var f=document.getElementById(id);if(!f)return;
  f.classList.add('sel');
  var spans=spansOf(id);
  spans.forEach(function(s){s.classList.add('sel')});
  if(spans.length&&scroll!==false){
    var n=(turn[id]||0)%spans.length;turn[id]=n+1;
    spans[n].scrollIntoView({block:'center'});
  }
}
document.getElementById('facts').addEventListener('click',function(e){
  var f=e.target.closest('.fact');if(f){e.stopPropagation();select(f.id)}
});
var text=document.getElementById('text');
text.addEventListener('mouseover',function(e){
  var s=e.target.closest('.ev');
  document.querySelectorAll('.fact.hot').forEach(function(x){x.classList.remove('hot')});
  if(!s){hover.textContent='';return}
  var fs=facts(s.getAttribute('data-f'));
  fs.forEach(function(x){x.classList.add('hot')});
  hover.textContent=s.getAttribute('data-names');
});
text.addEventListener('click',function(e){
  var s=e.target.closest('.ev');if(!s)return;
  var fs=facts(s.getAttribute('data-f'));
  if(fs.length){select(fs[0].id,false);fs[0].scrollIntoView({block:'center'})}
});
if(location.hash.length>1){var h=decodeURIComponent(location.hash.slice(1));select(h);
  var e=document.getElementById(h);if(e)e.scrollIntoView({block:'start'})}
})();
"""

INDEX_JS = """
(function(){
var table=document.getElementById('letters'),body=table.tBodies[0];
table.tHead.addEventListener('click',function(e){
  var th=e.target.closest('th');if(!th)return;
  var col=th.cellIndex,asc=!th.classList.contains('asc');
  table.tHead.querySelectorAll('th').forEach(function(h){h.classList.remove('asc','desc')});
  th.classList.add(asc?'asc':'desc');
  var num=th.hasAttribute('data-num');
  var rows=Array.prototype.slice.call(body.rows);
  rows.sort(function(a,b){
    var x=a.cells[col].getAttribute('data-v'),y=b.cells[col].getAttribute('data-v');
    var c=num?(parseFloat(x)-parseFloat(y)):x.localeCompare(y,'zh');
    return asc?c:-c;
  });
  rows.forEach(function(r){body.appendChild(r)});
});
})();
"""
