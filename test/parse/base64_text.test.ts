import * as assert from "assert";
import { textOfBase64 } from "../../transforms/parse/base64_text";

describe("base64 text (CloudEvent data_base64)", () => {
  it("decodes RFC 4648 §10's test vectors, padded and unpadded", () => {
    const vectors: [string, string][] = [
      ["", ""],
      ["Zg==", "f"],
      ["Zm8=", "fo"],
      ["Zm9v", "foo"],
      ["Zm9vYg==", "foob"],
      ["Zm9vYmE=", "fooba"],
      ["Zm9vYmFy", "foobar"],
      ["Zm9vYg", "foob"],
      ["Zm9vYmE", "fooba"],
    ];
    for (const [encoded, text] of vectors) assert.strictEqual(textOfBase64(encoded), text, encoded);
  });

  it("decodes UTF-8 and ignores line breaks, agreeing with Node's Buffer", () => {
    const text = '{"instances":[["Malmö","São Paulo","東京"]],"emoji":"🚀"}';
    const encoded = Buffer.from(text, "utf8").toString("base64");
    assert.strictEqual(textOfBase64(encoded), text);
    assert.strictEqual(textOfBase64(encoded.replace(/(.{20})/g, "$1\r\n")), text);
  });

  it("rejects text that is not base64, and bytes that are not UTF-8", () => {
    for (const notBase64 of ["Zm9v!", "Z", "Zm9vY", "Zg=", "=Zg=", "Zm9v===="]) {
      assert.strictEqual(textOfBase64(notBase64), undefined, notBase64);
    }
    assert.strictEqual(textOfBase64(Buffer.from([0xc3, 0x28]).toString("base64")), undefined);
  });
});
