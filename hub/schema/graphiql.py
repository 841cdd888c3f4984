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
    const fetcher = GraphiQL.createFetcher({ url: window.location.pathname });
    const headers = JSON.stringify({
      "Authorization": "Bearer PASTE-A-TOKEN-FROM: hub token --sub you --agency police --role analyst",
      "X-Purpose": "mace",
      "X-Justification": "why you are looking"
    }, null, 2);
    ReactDOM.createRoot(document.getElementById("graphiql")).render(
      React.createElement(GraphiQL, {
        fetcher, defaultHeaders: headers, shouldPersistHeaders: true, isHeadersEditorEnabled: true,
        defaultEditorToolsVisibility: "headers",
      })
    );
  </script>
</body>
</html>
"""


def graphiql_page() -> str:
    return _PAGE
