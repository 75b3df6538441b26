// A minimal HTTP service; its name comes from package.json.
const http = require('http');
const { name } = require('./package.json');

const port = Number(process.env.PORT ?? 8080);

http
  .createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ service: name, path: req.url }));
  })
  .listen(port, () => console.log(`${name} listening on ${port}`));
