FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY hub ./hub
COPY seed ./seed
COPY cypher ./cypher
RUN pip install --no-cache-dir .
RUN useradd --system --home /var/lib/hub hub && mkdir -p /var/lib/hub && chown hub /var/lib/hub
USER hub
ENV HUB_ENV=production HUB_HOST=0.0.0.0 HUB_DATA_DIR=/var/lib/hub
EXPOSE 8000
CMD ["hub", "serve"]
