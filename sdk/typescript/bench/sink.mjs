// The benchmark's ingestion sink, in its own process so its work does not show in the SDK's event loop.
// Answers like the real API (207, one result per item) and counts the messages it accepted.
import { createServer } from 'node:http';

let messages = 0;
let requests = 0;
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    requests++;
    const results = body.conversations.map((c, index) => {
      messages += c.messages.length;
      return { index, conversation_id: c.conversation_id, status: 202, event_id: `${requests}-${index}` };
    });
    res.writeHead(207, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ results }));
  });
});
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (m) => {
  if (m === 'count') process.send({ messages, requests });
  if (m === 'stop') server.close(() => process.exit(0));
});
