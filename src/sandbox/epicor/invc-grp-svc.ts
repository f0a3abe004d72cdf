import { randomUUID } from 'node:crypto';
import { dateOnly } from './clock';
import { bl } from './errors';
import { invcGrpSchema, type Row } from './schema';
import type { Ctx, ServiceDef } from './service';
import { type Ds, readDs } from './bo-params';

/**
 * Erp.BO.InvcGrpSvc (reference section 6: "needs an invoice group", has PostInvoices). AR invoices and
 * credit memos entered by hand live in a group; the group must exist before GetNewInvcHeadType accepts
 * it. Creating one is an explicit GetNewInvcGrp -> set GroupID -> Update {ds}, the generic BO pattern the
 * reference confirms for SalesOrderSvc (section 5, BEDROCK) and an Epicor Function on the forum uses for
 * this BO. The sim does not create groups on the fly: a client that forgets the group must see it fail.
 *
 * Assumptions ([U], see README): a group that is being posted (`PostInProcess`) takes no new invoices;
 * PostInvoices posts every invoice of the group and then removes the group, so its GroupID can be reused.
 */

/** The group an AR invoice is entered in: it must exist and not be in a posting run. */
export function openGroup(ctx: Ctx, groupId: unknown, table: string): Row {
  const id = String(groupId ?? '').trim();
  if (!id) throw bl('Group ID is required.', table, 'GroupID');
  const group = ctx.store.invcGrps.get(ctx.company, id);
  if (!group) throw bl(`Invoice group ${id} not found.`, table, 'GroupID');
  if (group.PostInProcess) throw bl(`Invoice group ${String(group.GroupID)} is being posted and cannot be changed.`, table, 'GroupID');
  return group;
}

const DATES = ['InvoiceDate', 'ApplyDate'];

function addGroup(ctx: Ctx, row: Row): void {
  if (!ctx.store.marks.has(String(row.SysRowID ?? ''))) throw bl('The InvcGrp row was not created by GetNewInvcGrp.', 'InvcGrp', 'SysRowID');
  const id = typeof row.GroupID === 'string' ? row.GroupID.trim() : '';
  if (!id) throw bl('Group ID is required.', 'InvcGrp', 'GroupID');
  if (ctx.store.invcGrps.get(ctx.company, id)) throw bl(`Invoice group ${id} already exists.`, 'InvcGrp', 'GroupID');
  const group: Row = {
    Company: ctx.company,
    GroupID: id,
    CreatedBy: ctx.user,
    InvoiceDate: row.InvoiceDate ?? dateOnly(ctx.store.opts.now()),
    ApplyDate: row.ApplyDate ?? row.InvoiceDate ?? dateOnly(ctx.store.opts.now()),
    PostInProcess: false,
    SysRevID: 0,
    SysRowID: row.SysRowID,
  };
  ctx.store.invcGrps.put(ctx.store.touch(group));
}

function updateGroup(ctx: Ctx, row: Row): void {
  const group = ctx.store.invcGrps.get(ctx.company, String(row.GroupID ?? ''));
  if (!group) throw bl(`Invoice group ${String(row.GroupID)} not found.`, 'InvcGrp', 'GroupID');
  if (row.SysRevID !== undefined && String(row.SysRevID) !== String(group.SysRevID))
    throw bl("Row has been modified by another user and couldn't be updated.", 'InvcGrp', 'SysRevID');
  for (const k of DATES) if (row[k] !== undefined) group[k] = row[k];
  ctx.store.touch(group);
}

function deleteGroup(ctx: Ctx, row: Row): void {
  const group = ctx.store.invcGrps.get(ctx.company, String(row.GroupID ?? ''));
  if (!group) throw bl(`Invoice group ${String(row.GroupID)} not found.`, 'InvcGrp', 'GroupID');
  const unposted = ctx.store.invcHeads.all(ctx.company).some((i) => i.GroupID === group.GroupID && !i.Posted);
  if (unposted) throw bl(`Invoice group ${String(group.GroupID)} still has invoices.`, 'InvcGrp', 'GroupID');
  ctx.store.invcGrps.delete(group);
}

export const invcGrpSvc: ServiceDef = {
  name: 'Erp.BO.InvcGrpSvc',
  sets: {
    InvcGrps: {
      table: (s) => s.invcGrps,
      schema: invcGrpSchema,
      keys: ['Company', 'GroupID'],
    },
  },
  methods: {
    GetNewInvcGrp: {
      verb: 'POST',
      run: (ctx, input) => {
        const ds = readDs(input, ['InvcGrp']);
        const today = dateOnly(ctx.store.opts.now());
        const row: Row = {
          Company: ctx.company,
          GroupID: '',
          CreatedBy: ctx.user,
          InvoiceDate: today,
          ApplyDate: today,
          PostInProcess: false,
          SysRevID: 0,
          SysRowID: randomUUID(),
          RowMod: 'A',
        };
        ctx.store.marks.set(row.SysRowID as string, {});
        ds.InvcGrp.push(row);
        return { parameters: { ds } };
      },
    },
    Update: {
      verb: 'POST',
      run: (ctx, input) => {
        const ds = readDs(input, ['InvcGrp']);
        const touched: string[] = [];
        ctx.store.atomically(() => {
          for (const row of ds.InvcGrp) {
            if (row.RowMod === 'A') addGroup(ctx, row);
            else if (row.RowMod === 'U') updateGroup(ctx, row);
            else if (row.RowMod === 'D') deleteGroup(ctx, row);
            else continue;
            touched.push(String(row.GroupID ?? '').trim());
          }
          if (!touched.length) throw bl('Nothing to update: no row has RowMod A, U or D.');
        }, [ctx.store.invcGrps]);
        const out = touched.map((id) => ctx.store.invcGrps.get(ctx.company, id)).filter((g): g is Row => !!g);
        return { parameters: { ds: { InvcGrp: out.map((g) => ({ ...g, RowMod: '' })) } } };
      },
    },
    /** Posts every unposted invoice of the group, then removes the group (assumption, see README). */
    PostInvoices: {
      verb: 'POST',
      run: (ctx, input) => {
        const id = String(input.groupID ?? input.GroupID ?? '');
        const group = openGroup(ctx, id, 'InvcGrp');
        const invoices = ctx.store.invcHeads.all(ctx.company).filter((i) => i.GroupID === group.GroupID && !i.Posted);
        for (const inv of invoices) {
          inv.Posted = true;
          ctx.store.touch(inv);
        }
        ctx.store.invcGrps.delete(group);
        return { parameters: { postedCount: invoices.length } };
      },
    },
  },
};
