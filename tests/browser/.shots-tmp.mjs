import { DEMO_PASSWORD, creditCheckChar, demoDatabase, launchBrowser, newPage, startServer } from './lib/harness.mjs';
const db = demoDatabase();
const server = await startServer(db.db);
const browser = await launchBrowser();
const tok = {};
async function api(u, m, p, b) {
  if (!tok[u]) tok[u] = (await (await fetch(`${server.url}/api/v1/session`, {method:'POST',headers:{'Content-Type':'application/json'},body:JSON.stringify({username:u,password:DEMO_PASSWORD})})).json()).token;
  const h = {Authorization:`Bearer ${tok[u]}`}; let body=b;
  if (b && !(b instanceof FormData)) { h['Content-Type']='application/json'; body=JSON.stringify(b); }
  const r = await fetch(`${server.url}/api/v1${p}`, {method:m,headers:h,body}); const t=await r.text(); return {status:r.status, body:t?JSON.parse(t):null};
}
const q = await api('quancheng-sec','GET','/session'); // noop
const me = await api('shenlan-tech','GET','/institutions');
const own = me.body.items[0].id;
const p = await api('shenlan-tech','POST','/projects',{track:'pilot',name:'链上基金份额登记与对账',members:[{institution_id:own,lead:true,role:'区块链登记平台的研发与运营'},{institution_id:1,lead:false,role:'基金份额登记业务'}],
 summary:'以联盟链记录基金份额登记与对账，缩短对账周期。\n第二段。',scenarios:[{name:'基金份额登记',description:'份额登记结果实时上链',provider_institution_id:1}],technologies:['blockchain','ai'],
 service_content:'服务', target_investors:'个人投资者', test_boundaries:{customer_cap:5000,per_transaction_limit_fen:5000000,per_investor_limit_fen:20000050,duration_months:12,regions:['济南市','淄博市']},
 hypothesis:'假设', success_measures:['指标一','指标二'], risk_controls:'风控', investor_protection:{complaint_channel:'热线',dispute_handling:'调解',compensation:'先行赔付'}, emergency_plan:'应急', exit_plan:'退出', funding_guarantee:'资金', timeline:[{due_on:'2027-01-15',milestone:'上线'}], commitments:['承诺一']});
const id = p.body.id;
console.log(p.status, id);
await api('quancheng-sec','POST',`/projects/${id}/actions/confirm`,{});
for (const k of ['application_form','technical_plan','risk_assessment','investor_protection_plan','emergency_plan','exit_plan','joint_agreement']) { const fd=new FormData(); fd.append('kind',k); fd.append('file',new Blob(['%PDF-1.4\n%x\n']),k+'.pdf'); await api('shenlan-tech','POST',`/projects/${id}/materials`,fd); }
console.log((await api('shenlan-tech','POST',`/projects/${id}/actions/submit`,{})).status);
console.log((await api('officer','POST',`/projects/${id}/actions/return`,{reason:'补正',defects:['缺少压力测试','适当性不明确']})).status);
async function shots(user, paths, lang='zh', width=1280) {
  const { context, page } = await newPage(browser, { locale: 'zh-CN', viewport: { width, height: 800 } });
  await page.goto(`${server.url}/lang/${lang==='en'?'en':'zh-CN'}?next=/login`);
  await page.fill('#username', user); await page.fill('#password', DEMO_PASSWORD);
  await Promise.all([page.waitForURL(`${server.url}/`), page.click('.login-card button[type="submit"]')]);
  await page.screenshot({ path: `/tmp/shots/${user}-${lang}-${width}-home.png`, fullPage: true });
  for (const [name, path] of paths) { await page.goto(server.url+path); await page.screenshot({ path: `/tmp/shots/${user}-${lang}-${width}-${name}.png`, fullPage: true }); }
  await context.close();
}
await shots('shenlan-tech', [['project',`/projects/${id}`],['edit',`/projects/${id}/edit`],['list','/projects']]);
await shots('officer', [['project',`/projects/${id}`]]);
console.log((await api('shenlan-tech','POST',`/projects/${id}/actions/submit`,{})).status);
const b = await api('officer','POST','/batches',{name:'第一批',opens_on:'2026-01-01',closes_on:'2027-12-31'});
console.log((await api('officer','POST',`/projects/${id}/actions/accept`,{reason:'x',batch_id:b.body.id})).status);
await api('officer','POST','/experts',{user_id:5}); await api('officer','POST',`/projects/${id}/assignments`,{expert_id:5});
console.log((await api('officer','POST',`/projects/${id}/actions/start_review`,{reason:'x'})).status);
console.log((await api('officer','POST',`/projects/${id}/actions/reject`,{reason:'评分偏低'})).status);
await shots('leader', [['decisions','/decisions'],['project',`/projects/${id}`]]);
await shots('officer', [['project2',`/projects/${id}`],['list','/projects']], 'en');
await shots('leader', [['decisions','/decisions']], 'zh', 400);
await browser.close(); await server.stop(); db.remove();
