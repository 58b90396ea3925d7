package erofsbrowser.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.Locale;

/**
 * A failed file operation in plain words, on one line: {@code FILE: permission denied}. java.nio
 * names most failures by their exception's class alone (an AccessDeniedException's message is
 * just the file's name), so its class is what says why.
 */
final class FileErrors {
    private FileErrors() {
    }

    /** "FILE: why", with {@code file} named where the exception names none. */
    static String describe(IOException e, String file) {
        if (e instanceof FileSystemException f) {
            String named = f.getFile() != null ? f.getFile() : file;
            String other = f.getOtherFile() != null ? " (and " + f.getOtherFile() + ")" : "";
            return named + other + ": " + reason(f);
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return file + ": " + e.getClass().getSimpleName();
        }
        // A message of the system alone ("Is a directory") says why but not where; the extractor's
        // own messages already begin with the file.
        return looksLikeReasonAlone(message) ? file + ": " + lowerFirst(message) : message;
    }

    /**
     * A name given on the command line that is no file name here: almost always one that is not
     * ASCII, under a locale that is not UTF-8 (Java encodes file names in the locale's charset).
     */
    static String invalidName(java.nio.file.InvalidPathException e) {
        String charset = System.getProperty("sun.jnu.encoding", "");
        return e.getInput() + ": not a file name here"
                + (charset.isEmpty() || charset.equalsIgnoreCase("UTF-8") ? " (" + e.getReason() + ")"
                : ": Java encodes file names as " + charset + " (run with a UTF-8 locale, such as LANG=C.UTF-8)");
    }

    /** Why a file operation failed, in the system's words where it gave any. */
    static String reason(FileSystemException f) {
        if (f instanceof NoSuchFileException) {
            return "no such file or directory";
        } else if (f instanceof AccessDeniedException) {
            return "permission denied";
        } else if (f instanceof NotDirectoryException) {
            return "not a directory";
        } else if (f instanceof FileAlreadyExistsException) {
            return "exists already";
        } else if (f instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        } else if (f instanceof FileSystemLoopException) {
            return "too many levels of symbolic links";
        } else if (f instanceof NotLinkException) {
            return "not a symbolic link";
        }
        String reason = f.getReason();
        return reason == null || reason.isBlank() ? "cannot be used (" + f.getClass().getSimpleName() + ")"
                : lowerFirst(reason);
    }

    /** "Is a directory", "No space left on device": a strerror text, capitalised, with no file in it. */
    private static boolean looksLikeReasonAlone(String message) {
        return !message.contains(": ") && !message.contains("/") && Character.isUpperCase(message.charAt(0));
    }

    private static String lowerFirst(String s) {
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && !Character.isUpperCase(s.charAt(1))) {
            return s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
        }
        return s;
    }
}
