package com.ctec.consumer.cli;

import com.ctec.consumer.BatchWorker;
import com.ctec.consumer.Worker;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates worker instances by class name from {@code --classpath} (directories, jars, {@code dir/*})
 * or from the ctec-consumer jar itself; a bare name such as {@code PrintWorker} means one of the
 * shipped examples. The jar's classes come first (parent-first loading), so a user jar compiled
 * against ctec-consumer sees the same {@code Worker} interface as the engine.
 */
final class WorkerLoader {
    static final String EXAMPLES_PACKAGE = "com.ctec.consumer.cli.examples.";

    private final ClassLoader loader;
    private final String classpath;

    private WorkerLoader(ClassLoader loader, String classpath) {
        this.loader = loader;
        this.classpath = classpath;
    }

    static WorkerLoader of(String classpath) {
        if (classpath == null || classpath.isBlank()) {
            return new WorkerLoader(WorkerLoader.class.getClassLoader(), "");
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath.split("[:,]")) {
            if (!entry.isBlank()) {
                addEntry(entry.trim(), urls);
            }
        }
        return new WorkerLoader(new URLClassLoader(urls.toArray(URL[]::new), WorkerLoader.class.getClassLoader()), classpath);
    }

    /** A new instance of the worker class: a {@link Worker} or a {@link BatchWorker}. */
    Object create(String className) {
        Class<?> type = find(className.trim());
        if (!Worker.class.isAssignableFrom(type) && !BatchWorker.class.isAssignableFrom(type)) {
            throw CliException.usage("Class " + type.getName() + " is not a worker: implement com.ctec.consumer.Worker "
                    + "(one message) or com.ctec.consumer.BatchWorker (a batch, with --batch-size > 1).");
        }
        try {
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw CliException.usage("Worker class " + type.getName() + " needs a public no-argument constructor (and must be a public class).", e);
        } catch (InstantiationException e) {
            throw CliException.usage("Worker class " + type.getName() + " is abstract or an interface: name a concrete class.", e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw CliException.failure("The constructor of worker class " + type.getName() + " failed: " + cause + ".", cause);
        } catch (LinkageError e) {
            throw CliException.usage("Worker class " + type.getName() + " cannot be loaded (" + e + "): put the jars it needs on --classpath.", e);
        }
    }

    private Class<?> find(String className) {
        List<String> candidates = className.contains(".") ? List.of(className) : List.of(EXAMPLES_PACKAGE + className, className);
        for (String candidate : candidates) {
            try {
                return Class.forName(candidate, true, loader);
            } catch (ClassNotFoundException e) {
                // try the next candidate
            } catch (LinkageError e) {
                throw CliException.usage("Worker class " + candidate + " cannot be loaded (" + e
                        + "): put the jars it needs on --classpath.", e);
            }
        }
        throw CliException.usage("Worker class '" + className + "' was not found "
                + (classpath.isEmpty() ? "in the ctec-consumer jar" : "on --classpath " + classpath)
                + ": check the fully qualified name, or add its jar or classes directory with --classpath.");
    }

    private static void addEntry(String entry, List<URL> urls) {
        try {
            if (entry.endsWith("/*") || entry.endsWith("*")) {
                Path dir = Path.of(entry.substring(0, entry.lastIndexOf('*')));
                requireExists(dir, entry);
                try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
                    for (Path jar : jars) {
                        urls.add(jar.toUri().toURL());
                    }
                }
                return;
            }
            Path path = Path.of(entry);
            requireExists(path, entry);
            urls.add(path.toUri().toURL());
        } catch (MalformedURLException e) {
            throw CliException.usage("Classpath entry '" + entry + "' is not a valid path: " + e.getMessage() + ".", e);
        } catch (IOException e) {
            throw CliException.usage("Cannot list classpath directory '" + entry + "': " + e.getMessage() + ".", e);
        }
    }

    private static void requireExists(Path path, String entry) {
        if (!Files.exists(path)) {
            throw CliException.usage("Classpath entry '" + entry + "' does not exist: give directories of classes, jars, or dir/* for all jars in dir.");
        }
    }
}
