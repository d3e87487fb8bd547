/** Starts the real server on a free port for the tests (HOJOKIN_BIN or target/release/hojokin). */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";

export interface Server {
  base: string;
  stop(): void;
}

export async function startServer(env: Record<string, string> = {}): Promise<Server> {
  const bin = process.env.HOJOKIN_BIN ?? resolve(process.cwd(), "target/release/hojokin");
  if (!existsSync(bin)) throw new Error(`no server binary at ${bin}; set HOJOKIN_BIN`);
  const child: ChildProcess = spawn(bin, ["serve"], {
    env: { ...process.env, HOJOKIN_PORT: "0", HOJOKIN_LOG_FORMAT: "json", HOJOKIN_WORKERS: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const base = await new Promise<string>((ok, fail) => {
    let seen = "";
    const timer = setTimeout(() => fail(new Error(`server did not start: ${seen}`)), 15_000);
    const read = (chunk: Buffer) => {
      seen += chunk.toString();
      const m = /listening on (http:\/\/[0-9.:]+)/.exec(seen);
      if (m?.[1]) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.on("exit", (code) => fail(new Error(`server exited ${code}: ${seen}`)));
  });
  return { base, stop: () => void child.kill("SIGTERM") };
}
