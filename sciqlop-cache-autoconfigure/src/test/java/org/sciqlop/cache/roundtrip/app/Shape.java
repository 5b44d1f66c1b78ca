package org.sciqlop.cache.roundtrip.app;

/** An interface; fields of this type hold its implementations. */
public interface Shape {

	double area();

	record Circle(double radius) implements Shape {

		@Override
		public double area() {
			return Math.PI * this.radius * this.radius;
		}

	}

	record Square(double side) implements Shape {

		@Override
		public double area() {
			return this.side * this.side;
		}

	}

}
