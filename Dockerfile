# Guild: runs the same npm scripts as the README (npm install, npm run build, npm run start:built).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm install --include=dev --no-audit --no-fund
COPY . .
RUN npm run build
# The embedded PostgreSQL refuses to run as root; with DATABASE_URL set (as in docker-compose.yml)
# it is not used. Data of the embedded one lives in /app/.data.
RUN mkdir -p /app/.data && chown -R node:node /app/.data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["npm", "run", "start:built"]
