# Guild: runs the same npm scripts as the README. The build stage installs everything and runs
# `npm run build`; the image that runs Guild installs production dependencies only
# (`npm install --omit=dev`) and runs `npm run start:built`.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --include=dev --no-audit --no-fund
COPY . .
# Compiles src/ (the generated Prisma client included) to dist/.
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# The health charts (PNG images drawn by chart.js on @napi-rs/canvas) need a font where they are
# drawn: DejaVu Sans, which src/rituals/health/charts.ts finds at Debian's path.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
# Guild applies its migrations at start through the Prisma CLI (a production dependency), which
# reads these.
COPY prisma.config.ts ./
COPY prisma ./prisma
COPY scripts ./scripts
# The embedded PostgreSQL refuses to run as root; with DATABASE_URL set (as in docker-compose.yml)
# it is not used. Data of the embedded one lives in /app/.data.
RUN mkdir -p /app/.data && chown -R node:node /app/.data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["npm", "run", "start:built"]
