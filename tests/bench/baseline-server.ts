// The bare baseline for the realtime benchmark: a plain socket.io server that stores each report
// with one idempotent INSERT (its own transaction) and broadcasts it to one room. No auth, no
// checks, no station status: what "just write and forward" costs on this machine.
import { createServer } from 'node:http';
import { sql } from 'kysely';
import { Server } from 'socket.io';
import { openDatabase } from '../../db/database.ts';

const handle = await openDatabase({
  databaseUrl: process.env.DATABASE_URL,
  dataDir: process.env.DATA_DIR ?? './data-baseline',
});
const db = handle.db;
await sql`create table if not exists bare_reports (id uuid primary key, station_id int not null, body jsonb not null, received_at timestamptz not null default now())`.execute(
  db,
);

const http = createServer();
const io = new Server(http, { serveClient: false });
io.on('connection', (socket) => {
  if (socket.handshake.auth?.dashboard) void socket.join('hq');
  socket.on(
    'report:submit',
    async (report: { id: string; stationId: number; body: unknown }, ack: (a: unknown) => void) => {
      try {
        await sql`insert into bare_reports (id, station_id, body) values (${report.id}, ${report.stationId}, ${JSON.stringify(report.body)}) on conflict (id) do nothing`.execute(
          db,
        );
        ack({ ok: true, data: { id: report.id } });
        io.to('hq').emit('stations:changed', { items: [{ stationId: report.stationId }] });
      } catch (error) {
        ack({ ok: false, error: { code: 'internal_error', message: String(error) } });
      }
    },
  );
});
http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`ready ${(http.address() as { port: number }).port}\n`);
});
process.on('SIGTERM', () => {
  io.close();
  void handle.close().then(() => process.exit(0));
});
