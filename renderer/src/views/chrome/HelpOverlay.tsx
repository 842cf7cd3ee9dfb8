import { SHORTCUTS } from '../../app/shortcuts';
import { Modal } from './Modal';

/** Every keyboard shortcut, from the same table the key handler uses. */
export function HelpOverlay({ onClose }: { onClose(): void }) {
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose} testId="help">
      <table className="keys">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <td><kbd>{s.keys}</kbd></td>
              <td>{s.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="dim">Also: drag on an action track to make a span; Alt-click a span to add an onset; double-click an onset to delete it; Ctrl-wheel zooms the timeline.</p>
    </Modal>
  );
}
