"""GraphiQL for development, with every asset served by the hub (no CDN)."""

from __future__ import annotations

_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Partnership data hub: GraphiQL</title>
  <link rel="stylesheet" href="/static/graphiql/graphiql.min.css">
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL...</div>
  <script src="/static/graphiql/react.production.min.js"></script>
  <script src="/static/graphiql/react-dom.production.min.js"></script>
  <script src="/static/graphiql/graphiql.min.js"></script>
  <script>
    // The headers start with a placeholder; until a real token replaces it, the page asks for
    // one instead of sending it (which the hub would refuse), and once one is pasted the
    // schema is fetched again with it, so "Error fetching schema" does not stick.
    const PLACEHOLDER = "PASTE-A-TOKEN";
    const ASK = "No token yet: run  HUB_DEV_ISSUER=1 .venv/bin/hub token --sub you --agency " +
      "police --role analyst  and paste what it prints after 'Bearer ' in the Authorization " +
      "header (Headers, below). The schema loads as soon as you do.";
    const base = GraphiQL.createFetcher({ url: window.location.pathname });
    const headers = JSON.stringify({
      "Authorization":
        "Bearer PASTE-A-TOKEN-FROM: .venv/bin/hub token --sub you --agency police --role analyst",
      "X-Purpose": "mace",
      "X-Justification": "why you are looking"
    }, null, 2);
    function tokenIn(text) {
      try {
        const parsed = typeof text === "string" ? JSON.parse(text || "{}") : (text || {});
        const auth = parsed.Authorization || parsed.authorization || "";
        return auth && !auth.includes(PLACEHOLDER) ? auth : null;
      } catch (e) { return null; }
    }
    function makeFetcher() {
      return (params, options) => {
        if (!tokenIn((options && options.headers) || {})) {
          return Promise.resolve({ errors: [{ message: ASK }] });
        }
        return base(params, options);
      };
    }
    function Hub() {
      const [fetcher, setFetcher] = React.useState(() => makeFetcher());
      const last = React.useRef(null);
      return React.createElement(GraphiQL, {
        fetcher, defaultHeaders: headers, shouldPersistHeaders: true, isHeadersEditorEnabled: true,
        defaultEditorToolsVisibility: "headers",
        onEditHeaders: (text) => {
          const token = tokenIn(text);
          if (token && token !== last.current) {  // a new token: fetch the schema with it
            last.current = token;
            setFetcher(() => makeFetcher());
          }
        },
      });
    }
    ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(Hub));
  </script>
</body>
</html>
"""


def graphiql_page() -> str:
    return _PAGE
