/** Epicor's timestamp shapes (reference section 4): no zone, server local time (UTC in the simulator). */
const iso = (ms: number) => new Date(ms).toISOString();

/** Part.ChangedOn: SQL datetime, `YYYY-MM-DDTHH:MM:SS.fff`, no zone. */
export const dateTimeNoZone = (ms: number): string => iso(ms).slice(0, 23);

/** Customer/OrderHed ChangeDate and OrderDate: date only, midnight, no zone. */
export const dateOnly = (ms: number): string => `${iso(ms).slice(0, 10)}T00:00:00`;

/** ChangeTime: seconds since midnight. */
export const secondsSinceMidnight = (ms: number): number => {
  const d = new Date(ms);
  return d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds();
};
