package erofsbrowser.app;

import javafx.stage.Stage;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The app's main window for a TestFX test. Registered with {@code @RegisterExtension}, it closes
 * every window the app opened after each test, passed or failed, so no test finds an earlier one's.
 * The window is built by {@link #start}, called from the test class's own {@code @Start} method:
 * TestFX calls no other.
 */
final class WindowFixture implements AfterEachCallback {
    private final Preferences preferences;
    private final boolean ownPreferences;
    private BrowserApp app;
    private MainWindowController window;

    private WindowFixture(Preferences preferences, boolean ownPreferences) {
        this.preferences = preferences;
        this.ownPreferences = ownPreferences;
    }

    /** A window whose app keeps its settings in the user preferences node {@code name}, which is left as it is. */
    static WindowFixture withPreferences(String name) {
        return new WindowFixture(Preferences.userRoot().node(name), false);
    }

    /**
     * A window whose app keeps its settings in the node {@code name} of the test's own: emptied
     * before the window is built and removed after the test, for tests of what is kept.
     */
    static WindowFixture withOwnPreferences(String name) {
        return new WindowFixture(Preferences.userRoot().node(name), true);
    }

    /** Builds the app and its main window on {@code stage}; call it from the test's {@code @Start} method. */
    MainWindowController start(Stage stage) {
        if (ownPreferences) {
            try {
                preferences.clear();
            } catch (BackingStoreException e) {
                throw new IllegalStateException("the test's preferences cannot be emptied", e);
            }
        }
        app = new BrowserApp(preferences);
        window = app.openWindow(stage);
        return window;
    }

    BrowserApp app() {
        return app;
    }

    Preferences preferences() {
        return preferences;
    }

    /** Opens {@code image} in the main window and waits until it is open. */
    void open(Path image) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.open(image, 0)).get();
        waitFor(() -> window.session() != null, "the image opens");
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (app != null) {
            WaitForAsyncUtils.asyncFx(() -> app.windows().forEach(w -> w.stage().close())).get(5, TimeUnit.SECONDS);
        }
        // Only once the windows are closed: an open one stores its column widths and divider there as they change.
        if (ownPreferences) {
            preferences.removeNode();
        }
    }

    /** Waits up to 20 s for {@code condition}, letting the FX thread run; fails saying {@code what} was awaited. */
    static void waitFor(BooleanSupplier condition, String what) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return condition.getAsBoolean();
        });
        assertTrue(condition.getAsBoolean(), what);
    }

    /** A value read on the FX thread (Task and control properties may only be read there). */
    static <T> T onFx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
