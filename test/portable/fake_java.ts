// Run as `java` by kafka_on_flink.test.ts (a shell script on PATH execs it):
// `java -version` answers like a JDK; `java -jar <jar> <port>` — how the
// SDK's JavaJarService starts Beam's expansion service jar — serves a fake
// expansion service on that port, after writing its pid and arguments to
// the file named by FAKE_JAVA_RECORD.
import * as fs from "fs";
import { FakeExpansionService } from "./fake_expansion_service";

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === "-version") {
    console.error('openjdk version "11.0.21" (fake)');
    return;
  }
  fs.writeFileSync(process.env.FAKE_JAVA_RECORD!, JSON.stringify({ pid: process.pid, args }));
  await new FakeExpansionService(Number(args[2])).start();
}

void main();
