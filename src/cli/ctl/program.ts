import { Command } from 'commander';
import { age, CtlError, parseWooOrderId, type CtlContext } from './context';
import { dryRun, parseLoops, signalLoops, type LoopAction } from './loops';
import { orderReport, parkedOrders, refundHandled, replayOrder, retryOrder } from './orders';
import { formatReconcile, parseSince, reconcileOrders } from './reconcile';
import { listSecrets, readStdin, rotateSecrets, setSecret } from './secrets';
import { formatStatus, status } from './status';
import { checkWebhooks, formatHealth, repairWebhooks } from './webhooks';

export interface CtlIo {
  /** Connects on first use; `secrets` commands never connect. */
  context(): Promise<CtlContext>;
  out(text: string): void;
  env: NodeJS.ProcessEnv;
  stdin?: NodeJS.ReadableStream;
}

/**
 * `npm run ctl -- <command>`: the operator's commands, each a thin shell over a function in this folder.
 * Person-readable by default, `--json` for scripts. Store keys and workflow ids are derived, never typed.
 */
export function buildCtl(io: CtlIo): Command {
  const program = new Command()
    .name('ctl')
    .description('Operate the Epicor ⇄ WooCommerce connector (see docs/operations.md)')
    .option('--json', 'print JSON instead of text')
    .showHelpAfterError()
    .exitOverride();

  const print = <T>(data: T, human: (d: T) => string) => io.out(program.opts().json ? JSON.stringify(data, null, 2) : human(data));
  const run =
    <A extends unknown[], T>(fn: (ctx: CtlContext, ...args: A) => Promise<T>, human: (d: T) => string) =>
    async (...args: A) =>
      print(await fn(await io.context(), ...args), human);

  program
    .command('status')
    .description('each sync loop (paused, watermark, last cycle, counts, last error), catch-up, webhook health, parked orders')
    .action(run((ctx) => status(ctx), formatStatus));

  for (const action of ['pause', 'resume', 'sync-now'] as LoopAction[]) {
    program
      .command(`${action} <loop>`)
      .description(`${action === 'sync-now' ? 'run a cycle now in' : action} a loop: parts, stock, customers, catchup or all`)
      .action(
        run(
          (ctx, loop: string) => signalLoops(ctx, action, parseLoops(loop)),
          (rows) => rows.map((r) => `${r.workflowId}: ${r.done ? `${action} sent` : `FAILED: ${r.error}`}`).join('\n'),
        ),
      );
  }

  program
    .command('dry-run <loop>')
    .description('what the next cycle of parts, stock or customers would write (nothing is written)')
    .option('--full', 'from the start of time instead of the loop watermark')
    .action(
      run(
        (ctx, loop: string, opts: { full?: boolean }) => dryRun(ctx, loop, Boolean(opts.full)),
        (d) =>
          [
            `${d.entity} from watermark ${d.fromWatermark} (would advance to ${d.wouldAdvanceTo}): ${d.counts.read} read, ${d.counts.create} create, ${d.counts.update} update, ${d.counts.unchanged} unchanged, ${d.counts.invalid} invalid`,
            ...(d.create.length ? [`  create: ${d.create.join(', ')}`] : []),
            ...(d.update.length ? [`  update: ${d.update.join(', ')}`] : []),
            ...(d.invalid.length ? [`  invalid: ${d.invalid.join('; ')}`] : []),
          ].join('\n'),
      ),
    );

  const orders = program.command('orders').description('order imports');
  orders
    .command('parked')
    .description('orders waiting for a person, with reason and age')
    .action(
      run(
        (ctx) => parkedOrders(ctx),
        (rows) =>
          rows.length === 0
            ? 'No parked orders.'
            : rows.map((p) => `Woo order ${p.wooOrderId}: ${p.reason} (parked ${age(p.parkedAt ?? p.startTime)} ago)${p.link ? `\n  ${p.link}` : ''}`).join('\n'),
      ),
    );

  program
    .command('order <woo-id>')
    .description('one order: its runs, Epicor order number, credits, parked reason, Web UI link')
    .action(
      run(
        (ctx, id: string) => orderReport(ctx, parseWooOrderId(id)),
        (r) =>
          [
            `Woo order ${r.wooOrderId} → ${r.epicorOrderNum ? `Epicor order ${r.epicorOrderNum}` : 'no Epicor order yet'}${r.poNum ? ` (PONum ${r.poNum})` : ''}`,
            `  state: ${r.phase ?? '-'}${r.parkedReason ? `: ${r.parkedReason}` : ''}${r.skipped ? ` (not imported: ${r.skipped})` : ''}`,
            ...(r.credits.length ? [`  credits: ${r.credits.map((c) => `refund ${c.wooRefundId} ${c.amount}${c.rmaNum ? ` RMA ${c.rmaNum}` : ''}${c.creditMemoNum ? ` memo ${c.creditMemoNum}` : ''}`).join('; ')}`] : []),
            ...(r.creditedRefunds.length && !r.credits.length ? [`  refunds credited: ${r.creditedRefunds.join(', ')}`] : []),
            ...(r.handledRefunds.length ? [`  refunds handled by hand: ${r.handledRefunds.join(', ')}`] : []),
            `  runs: ${r.runs.map((x) => `${x.status.toLowerCase()} ${x.startTime}`).join('; ')}`,
            `  workflow: ${r.workflowId}`,
            ...(r.link ? [`  ${r.link}`] : []),
          ].join('\n'),
      ),
    );

  program
    .command('retry <woo-id>')
    .description('after fixing the data: wake a parked order, or run an ended one again')
    .action(
      run(
        (ctx, id: string) => retryOrder(ctx, parseWooOrderId(id)),
        (r) => `${r.workflowId}: ${{ 'retry-signalled': 'retry sent to the parked import', 'new-run': 'a new import run started', 'pass-requested': 'another pass requested' }[r.action]}`,
      ),
    );

  program
    .command('replay <woo-id>')
    .description('reset the import to its start; safe: every write looks up first, signals are re-applied')
    .option('--reason <text>', 'recorded in the history', 'operator replay (npm run ctl)')
    .action(
      run(
        (ctx, id: string, opts: { reason: string }) => replayOrder(ctx, parseWooOrderId(id), opts.reason),
        (r) => `${r.workflowId}: reset run ${r.fromRunId} to its start; new run ${r.newRunId}`,
      ),
    );

  program
    .command('refund-handled <woo-id> <refund-id>')
    .description('a refund was credited by hand: the import skips it from now on')
    .action(
      run(
        (ctx, id: string, refund: string) => refundHandled(ctx, parseWooOrderId(id), parseWooOrderId(refund)),
        (r) => `${r.workflowId}: refund ${r.wooRefundId} marked handled`,
      ),
    );

  program
    .command('reconcile')
    .description('Woo orders changed since a time against Epicor orders by PONum: missing, duplicated, amounts differing')
    .requiredOption('--since <time>', '2026-12-01, 2026-12-01T08:00:00Z, or relative: 24h, 7d')
    .option('--import-missing', 'start the import of every missing order')
    .action(
      run(
        (ctx, opts: { since: string; importMissing?: boolean }) => reconcileOrders(ctx, parseSince(opts.since), { importMissing: opts.importMissing }),
        formatReconcile,
      ),
    );

  const webhooks = program.command('webhooks').description('the WooCommerce order webhooks that deliver to WEBHOOK_PUBLIC_URL');
  webhooks.command('check').description('are order.created and order.updated active?').action(run((ctx) => checkWebhooks(ctx), formatHealth));
  webhooks
    .command('repair')
    .description('recreate missing or disabled webhooks and catch up the orders they missed')
    .action(
      run(
        (ctx) => repairWebhooks(ctx),
        (r) =>
          [
            r.repair.created.length ? `Recreated: ${r.repair.created.map((c) => `${c.topic} (webhook ${c.id})`).join(', ')}; deleted ${r.repair.deleted.length}` : 'Nothing to repair.',
            formatHealth(r.after),
            ...(r.repair.created.length ? [r.catchUpRequested ? 'Catch-up asked to import the missed orders.' : 'Catch-up loop not running: start the worker to import missed orders.'] : []),
          ].join('\n'),
      ),
    );

  const secrets = program.command('secrets').description('the encrypted secrets file (SECRETS_FILE, key SECRETS_MASTER_KEY or SECRETS_MASTER_KEY_FILE); values are never printed');
  secrets
    .command('set <NAME>')
    .description('store a secret variable, value read from stdin (e.g. printf %s "$PW" | npm run ctl -- secrets set EPICOR_PASSWORD)')
    .action(async (name: string) => {
      const r = setSecret(io.env, name, await readStdin(io.stdin));
      print(r, (x) => `${x.name} stored in ${x.file}${x.created ? ' (new file)' : ''}`);
    });
  secrets
    .command('list')
    .description('names stored in the file (never values)')
    .action(() => print(listSecrets(io.env), (x) => [`${x.file} (master key ${x.keyId}, modified ${x.modified})`, ...x.names.map((n) => `  ${n}`)].join('\n')));
  secrets
    .command('rotate')
    .description('re-encrypt under a new master key, written to --new-key-file (0600)')
    .requiredOption('--new-key-file <path>', 'where the new master key is written (must not exist)')
    .action((opts: { newKeyFile: string }) =>
      print(rotateSecrets(io.env, opts.newKeyFile), (x) => `${x.file} re-encrypted: key ${x.oldKeyId} → ${x.newKeyId}, new key in ${x.newKeyFile}; point SECRETS_MASTER_KEY_FILE at it`),
    );

  return program;
}

export { CtlError };
