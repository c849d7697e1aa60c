/** A snapshot with the detection's box drawn on it (boxes are fractions of the frame). */
export interface Box { x: number; y: number; w: number; h: number }

export function SnapshotBox({ src, box, label, height = 360 }: { src: string | null; box: Box; label?: string; height?: number }) {
  return (
    <div data-testid="video-snapshot" style={{ position: 'relative', height, background: '#1f1f1f', borderRadius: 4, overflow: 'hidden' }}>
      {src ? <img src={src} alt="" style={{ width: '100%', height: '100%', objectFit: 'fill', display: 'block' }} /> : null}
      <div
        data-testid="video-box"
        style={{
          position: 'absolute', left: `${box.x * 100}%`, top: `${box.y * 100}%`, width: `${box.w * 100}%`, height: `${box.h * 100}%`,
          border: '3px solid #ff4d4f', boxShadow: '0 0 0 1px rgba(0,0,0,.6)',
        }}
      >
        {label ? <span style={{ position: 'absolute', top: -22, left: -3, background: '#ff4d4f', color: '#fff', fontSize: 12, padding: '1px 6px', whiteSpace: 'nowrap' }}>{label}</span> : null}
      </div>
    </div>
  );
}
