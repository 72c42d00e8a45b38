import * as assert from "assert";
import { murmurHash3 } from "../../transforms/statistics/murmur_hash3";

describe("MurmurHash3 x86_32", () => {
  it("matches the published reference vectors (Wikipedia, MurmurHash; Stack Overflow question 14747343)", () => {
    const vectors: [string, number, number][] = [
      ["", 0, 0],
      ["", 1, 0x514e28b7],
      ["", 0xffffffff, 0x81f16f39],
      ["test", 0, 0xba6bd213],
      ["test", 0x9747b28c, 0x704b81dc],
      ["Hello, world!", 0, 0xc0363e43],
      ["Hello, world!", 0x9747b28c, 0x24884cba],
      ["The quick brown fox jumps over the lazy dog", 0, 0x2e4ff723],
      ["The quick brown fox jumps over the lazy dog", 0x9747b28c, 0x2fa826cd],
      // Multi-byte UTF-8 (π is 0xCF 0x80), from the Stack Overflow list.
      ["ππππππππ", 0x9747b28c, 0xd58063c1],
    ];
    for (const vector of vectors) {
      assert.strictEqual(murmurHash3(vector[0], vector[1]), vector[2], `"${vector[0]}" seed ${vector[1]}`);
    }
  });
});
