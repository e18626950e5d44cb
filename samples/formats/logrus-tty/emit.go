// Emits the lines dockerd and containerd log, through logrus's own formatters, configured as those daemons do.
package main

import (
	"os"
	"time"

	"github.com/sirupsen/logrus"
)

const rfc3339NanoFixed = "2006-01-02T15:04:05.000000000Z07:00"

func emit(l *logrus.Logger) {
	id := "fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138"
	l.WithFields(logrus.Fields{"revision": "7ad184331fa3e55e52b890ea95e65ba581ae3429", "version": "v1.6.28"}).Info("starting containerd")
	l.Info("Daemon has completed initialization")
	l.WithFields(logrus.Fields{"id": id, "namespace": "moby"}).Info("shim disconnected")
	l.WithFields(logrus.Fields{"id": id, "namespace": "moby"}).Warn("cleaning up after shim disconnected")
	time.Sleep(1100 * time.Millisecond)
	l.Info("StopPodSandbox for \"" + id + "\" returns successfully")
	l.WithError(os.ErrNotExist).Error("Failed to destroy network for sandbox \"" + id + "\"")
	l.WithFields(logrus.Fields{"container": id, "module": "libcontainerd", "namespace": "moby", "topic": "/tasks/delete", "type": "*events.TaskDelete"}).Info("ignoring event")
}

func main() {
	l := logrus.New()
	l.Out = os.Stdout
	switch os.Args[1] {
	case "text":
		l.Formatter = &logrus.TextFormatter{TimestampFormat: rfc3339NanoFixed, FullTimestamp: true, DisableColors: true}
	case "tty":
		// logrus's default TextFormatter on a terminal: colours, seconds since start
		l.Formatter = &logrus.TextFormatter{ForceColors: true}
	case "tty-full":
		l.Formatter = &logrus.TextFormatter{ForceColors: true, TimestampFormat: rfc3339NanoFixed, FullTimestamp: true}
	case "json":
		l.Formatter = &logrus.JSONFormatter{TimestampFormat: rfc3339NanoFixed}
	}
	emit(l)
}
