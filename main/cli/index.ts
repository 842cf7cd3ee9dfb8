import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => {
    // serve keeps running until a signal; other commands exit with their code.
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`a2s: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
