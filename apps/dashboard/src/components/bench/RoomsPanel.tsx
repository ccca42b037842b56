import { joinRoom, leaveRoom, type Room } from '../../testbench/rooms';
import { useBench } from '../../testbench/store';

const ROOMS: { room: Room; event: string }[] = [
  { room: 'tasks', event: 'task_update' },
  { room: 'activity', event: 'activity_event' },
  { room: 'sessions', event: 'session_state' },
];

/** Join and leave the `tasks`, `activity` and `sessions` rooms; their events appear in the log as they come. */
export function RoomsPanel() {
  const connected = useBench((s) => s.status === 'connected');
  const rooms = useBench((s) => s.rooms);
  return (
    <section className="card">
      <h2>Rooms</h2>
      {ROOMS.map(({ room, event }) => (
        <div className="button-row room-row" key={room}>
          <span className={`pill ${rooms[room] ? 'pill-completed' : 'pill-pending'}`} data-testid={`ws-room-${room}`}>
            {room}: {rooms[room] ? 'joined' : 'not joined'}
          </span>
          <button type="button" className="btn" data-testid={`ws-join-${room}`} disabled={!connected} onClick={() => joinRoom(room)}>
            Join
          </button>
          <button type="button" className="btn" data-testid={`ws-leave-${room}`} disabled={!connected} onClick={() => leaveRoom(room)}>
            Leave
          </button>
          <span className="muted small">
            <code>{event}</code> at once
          </span>
        </div>
      ))}
    </section>
  );
}
