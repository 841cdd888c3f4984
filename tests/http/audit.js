// The GraphQL-over-HTTP audit (graphql-http) against a running hub: prints one JSON line
// per result. HUB_URL is the endpoint; HUB_HEADERS a JSON object of headers every request
// carries (the bearer token and purpose the hub needs).
const { serverAudits } = require('graphql-http');

const url = process.env.HUB_URL;
const extra = JSON.parse(process.env.HUB_HEADERS || '{}');

async function fetchWithHeaders(input, init = {}) {
  const headers = new Headers(init.headers || {});
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  return fetch(input, { ...init, headers });
}

// One audit at a time (auditServer runs all sixty at once), so a hub sharing a busy
// machine is judged on its answers, not on how it copes with a burst.
async function auditOneByOne() {
  const results = [];
  for (const audit of serverAudits({ url, fetchFn: fetchWithHeaders })) {
    results.push(await audit.fn());
  }
  return results;
}

auditOneByOne().then(async (results) => {
  for (const result of results) {
    const line = { id: result.id, name: result.name, status: result.status };
    if (result.status !== 'ok') {
      line.reason = result.reason;
      if (result.response) {
        line.httpStatus = result.response.status;
        line.body = (await result.response.text()).slice(0, 300);
      }
    }
    console.log(JSON.stringify(line));
  }
}, (err) => {
  console.error(err);
  process.exit(2);
});
