const Bull = require('bull');
(async () => {
  let rej = 0, ok = 0;
  for (let i = 0; i < 20; i++) {
    const q = new Bull('try' + i, 'redis://127.0.0.1:6379', { prefix: 'bulltry' });
    const p = q.process(async () => {});
    p.then(() => ok++, (e) => { rej++; if (i<3) console.log(String(e)); });
    await q.close();
    await new Promise(r => setTimeout(r, 20));
  }
  console.log({ rej, ok });
})();
