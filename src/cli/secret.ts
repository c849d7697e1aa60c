/**
 * Reading a password for a command without it ever being on the command line (where `ps` and the
 * shell history would show it): a hidden prompt on a terminal, otherwise the first line of stdin.
 */
import { stdin, stderr } from 'node:process';

/** Reads one line from stdin when it is not a terminal (`echo "$PW" | cityloop user create …`). */
async function firstLineOfStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) {
    chunks.push(chunk as Buffer);
    if (Buffer.concat(chunks).includes(0x0a)) break;
  }
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/** A prompt on the terminal that does not echo what is typed. */
function hiddenPrompt(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let typed = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      stderr.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (s: string) => {
      for (const ch of s) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('cancelled 已取消'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * The new password: asked twice on a terminal (they must match), read from stdin otherwise.
 * `what` names it in the prompt.
 */
export async function readNewPassword(what: string): Promise<string> {
  if (!stdin.isTTY) {
    const pw = await firstLineOfStdin();
    if (!pw) throw new Error('no password on stdin 标准输入中没有密码');
    return pw;
  }
  const first = await hiddenPrompt(`${what} 密码 password: `);
  const again = await hiddenPrompt('再输入一次 again: ');
  if (first !== again) throw new Error('the two passwords differ 两次输入的密码不一致');
  return first;
}
