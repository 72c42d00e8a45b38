import * as assert from "assert";
import { epochMsOfIso8601 } from "../../transforms/parse/iso_8601";

describe("ISO-8601 instants", () => {
  // Expected values from Python: (datetime(…, tzinfo=utc) - datetime(1970, 1, 1, tzinfo=utc)) / timedelta(milliseconds=1).
  it("reads UTC, offset and offset-less instants to epoch ms", () => {
    const cases: [string, number][] = [
      ["2026-01-01T00:00:03.458Z", 1767225603458],
      ["2026-01-01T01:00:03.458+01:00", 1767225603458],
      ["2025-12-31T19:00:03.458-0500", 1767225603458],
      ["2020-09-13T12:26:40Z", 1600000000000],
      ["2020-06-01 12:00:00.123", 1591012800123],
      ["2020-06-01", 1590969600000],
      ["2024-02-29T23:59:59z", 1709251199000],
      ["1969-12-31T23:59:59.999Z", -1],
      ["0050-01-01T00:00Z", -60589296000000],
    ];
    for (const [text, epochMs] of cases) assert.strictEqual(epochMsOfIso8601(text), epochMs, text);
  });

  it("truncates fractions finer than a millisecond, as Go's RFC3339Nano prints them", () => {
    assert.strictEqual(epochMsOfIso8601("2020-06-01T12:00:00.123999999Z"), 1591012800123);
    assert.strictEqual(epochMsOfIso8601("2020-06-01T12:00:00,5Z"), 1591012800500);
  });

  it("rejects what is not an instant, including dates that do not exist and what Date.parse would guess", () => {
    const notInstants = [
      "1",
      "2026",
      "Thu, 01 Jan 2026 00:00:03 GMT",
      "2023-02-29",
      "2026-13-01",
      "2026-04-31T00:00:00Z",
      "2026-01-01T24:00:00Z",
      "2026-01-01T00:60:00Z",
      "2026-01-01T00:00:00+24:00",
      "2026-01-01T00:00:00Zjunk",
      " 2026-01-01T00:00:00Z",
    ];
    for (const text of notInstants) assert.strictEqual(epochMsOfIso8601(text), undefined, text);
  });
});
