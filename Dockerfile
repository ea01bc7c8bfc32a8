# respite in a container: `docker build -t respite .` then `docker run -p 6379:6379 respite`.
# Options go after the image name and replace the default command's, e.g.
#   docker run -p 6379:6379 respite respite server --bind 0.0.0.0 --port 6379 --requirepass secret

# ---- build: all dependencies, TypeScript compiled to dist/ ----------------------------------------
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# The image runs the server only: the compiled tests and benchmarks stay behind.
RUN npm run build && rm -rf dist/test dist/bench

# ---- runtime: production dependencies and dist/ only -----------------------------------------------
FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
# `respite` on PATH, as `npm install -g` would put it (cli.js starts with #!/usr/bin/env node).
RUN chmod +x dist/server/cli.js && ln -s /app/dist/server/cli.js /usr/local/bin/respite

# The node user (uid 1000) comes with the base image; the server needs no privileges.
USER node
EXPOSE 6379
# redis-cli is not in the image: a PING over a raw socket. NOAUTH also means the server is up
# (when it runs with --requirepass).
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "-e", "const s=require('net').connect(6379,'127.0.0.1');s.setTimeout(2000,()=>process.exit(1));s.on('error',()=>process.exit(1));s.on('data',(d)=>process.exit(/^(\\+PONG|-NOAUTH)/.test(d.toString())?0:1));s.write('PING\\r\\n')"]
CMD ["respite", "server", "--bind", "0.0.0.0", "--port", "6379"]
