// The last line of defence: a rendering error shows what happened and a way back instead of
// a blank window.
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  /** Called by "Back to the library": reset whatever led here. */
  onReset?: () => void;
}

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Ecosim Studio: a screen failed to render', error, info.componentStack);
  }

  private reset = () => {
    this.setState({ error: null });
    this.props.onReset?.();
  };

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="crash" role="alert" data-testid="error-banner">
        <h2>This screen could not be shown</h2>
        <p>{error.message || String(error)}</p>
        <p className="muted">Your saved work is safe in the scenario store.</p>
        <div className="row">
          <button type="button" className="primary" onClick={this.reset}>
            Back to the library
          </button>
          <button type="button" onClick={() => window.location.reload()}>
            Reload the window
          </button>
        </div>
      </div>
    );
  }
}
