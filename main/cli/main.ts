import { APP_NAME, APP_VERSION } from '../engine/version';
import { EngineError } from '../engine/core/errors';
import { UsageError, type CliIO } from './command';
import { commands } from './commands';

const io: CliIO = { out: (t) => console.log(t), err: (t) => console.error(t) };

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `${APP_NAME} ${APP_VERSION}`,
    '',
    'usage: a2s <command> [options]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'a2s <command> --help shows a command\'s options; a2s --version prints the version.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.out(help());
    return 0;
  }
  if (first === '--version' || first === '-v') {
    io.out(APP_VERSION);
    return 0;
  }
  const command = commands.find((c) => c.name === first);
  if (!command) {
    io.err(`a2s: unknown command "${first}". Commands: ${commands.map((c) => c.name).join(', ')}. See a2s --help.`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`usage: ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError || (err instanceof Error && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`a2s ${command.name}: ${err.message}\nusage: ${command.usage}`);
      return 2;
    }
    if (err instanceof EngineError) {
      io.err(`a2s ${command.name}: ${err.message}`);
      return 1;
    }
    io.err(`a2s ${command.name}: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  }
}
