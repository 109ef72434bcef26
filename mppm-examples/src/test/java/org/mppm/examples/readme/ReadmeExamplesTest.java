package org.mppm.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java examples, compiled and run: every {@code ```java} block that follows a line
 * {@code <!-- runnable: NAME -->} is the body of a method, compiled against the project's classes
 * with wildcard imports of every mppm package and of DJL's NDArray packages, then run. So the README
 * cannot drift from the API.
 */
class ReadmeExamplesTest {
    private static final Pattern RUNNABLE = Pattern.compile("<!-- runnable: ([a-z0-9-]+) -->\\s*\\n```java\\n(.*?)```",
            Pattern.DOTALL);
    /** The examples the README must show, one for each contract a user meets first. */
    private static final List<String> REQUIRED = List.of("quick-start", "lmppm-restore", "mppm-points", "mad-sampling",
            "smoothed-sampling", "latent-generation");

    @TempDir
    static Path work;

    static Map<String, String> examples() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        Map<String, String> found = new LinkedHashMap<>();
        Matcher m = RUNNABLE.matcher(readme);
        while (m.find()) {
            if (found.put(m.group(1), m.group(2)) != null) {
                throw new IllegalStateException("two README examples are named " + m.group(1));
            }
        }
        return found;
    }

    @TestFactory
    Stream<DynamicTest> everyRunnableReadmeExampleCompilesAndRuns() throws IOException {
        Map<String, String> examples = examples();
        assertTrue(examples.keySet().containsAll(REQUIRED), "README examples: " + examples.keySet() + ", required " + REQUIRED);
        return examples.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> run(e.getKey(), e.getValue())));
    }

    private static void run(String name, String body) throws Exception {
        String className = "Readme_" + name.replace('-', '_');
        String source = imports() + "public class " + className + " {\n"
                + "    public static void run() throws Exception {\n" + body + "\n    }\n}\n";
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path classes = Files.createDirectories(work.resolve(name));
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + className + ".java"),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            };
            List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(),
                    "-proc:none");
            boolean ok = compiler.getTask(null, files, diagnostics, options, null, List.of(unit)).call();
            StringBuilder errors = new StringBuilder();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    errors.append("\n  line ").append(d.getLineNumber() - imports().lines().count() - 2).append(": ")
                            .append(d.getMessage(null));
                }
            }
            assertTrue(ok, "README example " + name + " does not compile:" + errors);
        }
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
                ReadmeExamplesTest.class.getClassLoader())) {
            loader.loadClass(className).getMethod("run").invoke(null);
        }
    }

    /** Whether the package's classes are on this test's class path (mppm-spark's are not). */
    private static boolean onClassPath(String pkg) {
        return ReadmeExamplesTest.class.getClassLoader().getResource(pkg.replace('.', '/')) != null;
    }

    /** Wildcard imports of every package with main sources in the repository and on the class path, plus DJL's NDArray API and java.nio.file. */
    private static String imports() throws IOException {
        TreeSet<String> packages = new TreeSet<>(List.of("ai.djl.ndarray", "ai.djl.ndarray.types", "ai.djl",
                "java.nio.file", "java.util"));
        try (Stream<Path> modules = Files.list(Path.of(".."))) {
            for (Path module : modules.filter(p -> p.getFileName().toString().startsWith("mppm-")).toList()) {
                Path root = module.resolve("src/main/java");
                if (!Files.isDirectory(root)) {
                    continue;
                }
                try (Stream<Path> sources = Files.walk(root)) {
                    sources.filter(p -> p.toString().endsWith(".java") && !p.getFileName().toString().equals("package-info.java"))
                            .map(p -> root.relativize(p.getParent()).toString().replace('/', '.'))
                            .filter(ReadmeExamplesTest::onClassPath)
                            .forEach(packages::add);
                }
            }
        }
        StringBuilder s = new StringBuilder();
        for (String p : packages) {
            s.append("import ").append(p).append(".*;\n");
        }
        return s.toString();
    }

    /** The README's runnable examples are found (guards the pattern itself). */
    @org.junit.jupiter.api.Test
    void theExtractorFindsEveryMarkedBlock() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        long markers = readme.lines().filter(l -> l.startsWith("<!-- runnable:")).count();
        assertEquals(markers, examples().size(), "every runnable marker is followed by a ```java block");
        List<String> names = new ArrayList<>(examples().keySet());
        assertEquals(names.size(), new TreeSet<>(names).size());
    }
}
