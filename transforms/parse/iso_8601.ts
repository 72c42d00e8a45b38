/**
 * ISO-8601 / RFC 3339 instants as KServe (`ce_time`), Go and JavaScript print
 * them: `2026-01-01T00:00:03.458Z`, `2026-01-01T01:00:03+01:00`,
 * `2020-06-01 12:00:00.123456789Z`, `2026-01-01`. Date.parse is not used
 * because it reads a date-time without an offset as local time and accepts
 * non-ISO text ("1" is 2001-01-01 in V8).
 *
 * Accepted: a date; optionally `T` (or a space) and hh:mm[:ss[.fraction]];
 * optionally an offset `Z` or ±hh:mm (±hhmm). No offset means UTC. The
 * fraction is truncated to whole milliseconds.
 */
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;

/** Epoch milliseconds of an ISO-8601 instant, or undefined when the text is not one (or names no real date). */
export const epochMsOfIso8601 = (text: string): number | undefined => {
  const match = ISO_8601.exec(text);
  if (match === null) return undefined;
  const part = (group: number) => Number(match[group] ?? 0);
  const year = part(1);
  const month = part(2);
  const day = part(3);
  const hour = part(4);
  const minute = part(5);
  const second = part(6);
  const millisecond = Number((match[7] ?? "").padEnd(3, "0").slice(0, 3));
  const offsetMinutes = offsetMinutesOf(match[8]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 60 || offsetMinutes === undefined) return undefined;
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear takes the year as written.
  const instant = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millisecond));
  instant.setUTCFullYear(year);
  return instant.getTime() - offsetMinutes * 60_000;
};

function offsetMinutesOf(offset: string | undefined): number | undefined {
  if (offset === undefined || offset.toUpperCase() === "Z") return 0;
  const digits = offset.replace(":", "");
  const hours = Number(digits.slice(1, 3));
  const minutes = Number(digits.slice(3, 5));
  if (hours > 23 || minutes > 59) return undefined;
  return (offset[0] === "-" ? -1 : 1) * (hours * 60 + minutes);
}

function daysInMonth(year: number, month: number): number {
  const isLeapYear = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return [31, isLeapYear ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}
