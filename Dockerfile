FROM python:3.11-slim
WORKDIR /app
# Dependencies first, from the lock (pinned, with hashes), so code changes reuse this layer.
COPY requirements-runtime.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements-runtime.lock
COPY pyproject.toml README.md ./
COPY cypher ./cypher
COPY hub ./hub
COPY seed ./seed
# hub/cypher links to ../cypher: the wheel built here carries every statement as package data.
RUN pip install --no-cache-dir --no-deps . && cd / && python -c "from hub.graph.cypher import Catalogue; Catalogue.load()"
RUN useradd --system --home /var/lib/hub hub && mkdir -p /var/lib/hub && chown hub /var/lib/hub
USER hub
ENV HUB_ENV=production HUB_HOST=0.0.0.0 HUB_DATA_DIR=/var/lib/hub
EXPOSE 8000
CMD ["hub", "serve"]
